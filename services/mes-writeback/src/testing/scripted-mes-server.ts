import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: string;
  /** the Authorization header as received */
  authorization: string | undefined;
  /** CN of the client certificate presented (TLS servers only) */
  clientCertCn: string | undefined;
}

/** How the scripted MES authenticates its callers, like a real one. */
export interface MesSecurity {
  /** every request needs `Authorization: Bearer <token>`, else 401 */
  token?: string;
  /** serve HTTPS with this certificate and require a client certificate issued by `ca` */
  tls?: { key: string; cert: string; ca: string };
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  /** drop the connection instead of answering (a network failure) */
  hangUp?: boolean;
}

/**
 * A stand-in for a third-party MES REST API whose failures a test scripts: each write gets
 * the next scripted reply (then 201), and a key answered 2xx counts as having taken
 * effect for GET /effects/:key. Used where mes-sim cannot be made to fail on purpose.
 */
export class ScriptedMesServer {
  readonly requests: SeenRequest[] = [];
  private readonly applied = new Map<string, unknown>();
  /** effect lookups still to answer 503 (an MES that cannot say whether a key landed) */
  private effectOutages = 0;

  private constructor(
    private readonly server: Server,
    private readonly script: ScriptedReply[],
    private readonly security: MesSecurity,
  ) {}

  static async start(script: ScriptedReply[] = [], security: MesSecurity = {}): Promise<ScriptedMesServer> {
    const holder: { self?: ScriptedMesServer } = {};
    const handler = (req: IncomingMessage, res: ServerResponse) => void holder.self?.handle(req, res);
    const server: Server = security.tls
      ? createTlsServer(
          {
            key: security.tls.key,
            cert: security.tls.cert,
            ca: security.tls.ca,
            requestCert: true,
            rejectUnauthorized: true,
          },
          handler,
        )
      : createServer(handler);
    const self = new ScriptedMesServer(server, [...script], security);
    holder.self = self;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get baseUrl(): string {
    return `${this.security.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}/mes/v1`;
  }

  /** Marks a key as applied, as if an earlier request had landed. */
  apply(key: string, body: unknown): void {
    this.applied.set(key, body);
  }

  /** The next `count` effect lookups answer 503. */
  failEffectLookups(count: number): void {
    this.effectOutages = count;
  }

  writes(): SeenRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').replace(/^\/mes\/v1/, '');
    const key = req.headers['idempotency-key'];
    const socket = req.socket as Partial<TLSSocket>;
    const cn = socket.getPeerCertificate?.()?.subject?.CN;
    const authorization = req.headers.authorization;
    this.requests.push({
      method: req.method ?? '',
      path,
      idempotencyKey: typeof key === 'string' ? key : undefined,
      body: Buffer.concat(chunks).toString(),
      authorization,
      clientCertCn: typeof cn === 'string' ? cn : undefined,
    });
    if (this.security.token !== undefined && authorization !== `Bearer ${this.security.token}`)
      return this.reply(res, 401, { error: 'unauthenticated' });
    const effect = /^\/effects\/(.+)$/.exec(path);
    if (req.method === 'GET' && effect) {
      if (this.effectOutages > 0) {
        this.effectOutages--;
        return this.reply(res, 503, { error: 'effect store unavailable' });
      }
      const found = this.applied.get(decodeURIComponent(effect[1] ?? ''));
      return found === undefined ? this.reply(res, 404, { error: 'no effect' }) : this.reply(res, 200, found);
    }
    const next = this.script.shift() ?? { status: 201, body: { response: { lotId: 'LOT-X' } } };
    if (next.hangUp) {
      req.socket.destroy();
      return;
    }
    if (next.status < 300 && typeof key === 'string') this.applied.set(key, next.body ?? {});
    this.reply(res, next.status, next.body ?? {});
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
