import { Server, ServerCredentials } from '@grpc/grpc-js';

/**
 * One gRPC server's lifecycle, shared by every service that serves gRPC: bind (port 0
 * picks a free one), report the bound port, shut down letting in-flight calls finish,
 * forced after a grace period so a stuck client cannot hold shutdown forever.
 */
export class GrpcListener {
  private server: Server | null = null;
  private boundPort: number | null = null;

  constructor(
    private readonly name: string,
    private readonly graceMs = 5_000,
  ) {}

  get port(): number {
    if (this.boundPort === null) throw new Error(`the ${this.name} gRPC server is not listening`);
    return this.boundPort;
  }

  /** `register` adds the service implementation(s) to the new server before it binds. */
  async start(register: (server: Server) => void, port: number, host = '0.0.0.0'): Promise<number> {
    const server = new Server();
    register(server);
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, result) =>
        err ? reject(err) : resolve(result),
      ),
    );
    this.server = server;
    this.boundPort = bound;
    return bound;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.boundPort = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => server.forceShutdown(), this.graceMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
