import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const SERVER = join(__dirname, 'opcua-test-server.mjs');

type ServerMessage =
  | { type: 'ready'; port: number; certificateFile: string | null }
  | { type: 'requests'; counts: Record<string, number> }
  | { type: 'done'; cmd: string };

/**
 * A real node-opcua server in a child process (opcua-test-server.mjs), driven over IPC:
 * set a variable, raise or clear an alarm, read the service requests it has received.
 */
export class OpcuaTestServer {
  private readonly waiting: Array<{ type: string; resolve: (m: ServerMessage) => void }> = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly certificateFile: string | null,
  ) {
    child.on('message', (m: ServerMessage) => {
      const i = this.waiting.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiting.splice(i, 1)[0]?.resolve(m);
    });
  }

  /** Starts on `port` (0: a free one), PKI under `pkiDir`; with `user`, only that user may open a session. */
  static async start(options: {
    pkiDir: string;
    port?: number;
    user?: { name: string; password: string };
  }): Promise<OpcuaTestServer> {
    const child = fork(SERVER, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        OPCUA_TEST_PKI: options.pkiDir,
        OPCUA_TEST_PORT: String(options.port ?? 0),
        ...(options.user
          ? { OPCUA_TEST_USER: options.user.name, OPCUA_TEST_PASSWORD: options.user.password }
          : {}),
      },
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4_000)));
    const ready = await new Promise<{ port: number; certificateFile: string | null }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`OPC UA test server did not start in 60 s: ${stderr}`)),
        60_000,
      );
      child.once('exit', (code) => reject(new Error(`OPC UA test server exited (${code}): ${stderr}`)));
      child.on('message', (m: ServerMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve(m);
        }
      });
    });
    child.removeAllListeners('exit');
    return new OpcuaTestServer(child, ready.port, ready.certificateFile);
  }

  set(name: string, value: number | boolean | string): Promise<ServerMessage> {
    return this.command({ cmd: 'set', name, value });
  }

  /** The variable goes Bad (BadSensorFailure). */
  fail(name: string): Promise<ServerMessage> {
    return this.command({ cmd: 'set', name, bad: true });
  }

  alarm(name: 'Overtemperature' | 'DoorOpen', active: boolean): Promise<ServerMessage> {
    return this.command({ cmd: 'alarm', name, active });
  }

  async requests(): Promise<Record<string, number>> {
    const reply = this.next('requests');
    this.child.send({ cmd: 'requests' });
    const m = await reply;
    return m.type === 'requests' ? m.counts : {};
  }

  /** Dies without closing anything (a power cut): clients see the connection drop. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ cmd: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private command(command: Record<string, unknown>): Promise<ServerMessage> {
    const reply = this.next('done');
    this.child.send(command);
    return reply;
  }

  private next(type: string): Promise<ServerMessage> {
    return new Promise((resolve) => this.waiting.push({ type, resolve }));
  }
}
