import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted server answers to one chat request. */
export type ScriptedReply =
  | { kind: 'chat'; content: string; tokensIn?: number; tokensOut?: number; delayMs?: number; model?: string }
  | { kind: 'error'; status: number; message?: string; delayMs?: number }
  /** Accepts the request and never answers, to exercise client timeouts. */
  | { kind: 'hang' }
  /** Destroys the socket without an HTTP response, like a crashed server. */
  | { kind: 'drop' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as it crossed the wire. */
  bodyText: string;
  body: unknown;
}

export type Responder = (request: RecordedRequest) => ScriptedReply;

/**
 * A scripted stand-in for an OpenAI-compatible endpoint (and Ollama's native /api/chat),
 * on node:http and 127.0.0.1 only. Chat replies come from a FIFO script, then from the
 * responder; every request is recorded so tests can inspect exactly what left the process.
 */
export class ScriptedOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: ScriptedReply[] = [];
  private responder: Responder;
  private readonly pending = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    responder: Responder,
  ) {
    this.responder = responder;
  }

  static async start(
    responder: Responder = () => ({ kind: 'chat', content: '{}' }),
  ): Promise<ScriptedOpenAiServer> {
    const server = createServer();
    const scripted = new ScriptedOpenAiServer(server, responder);
    server.on('request', (req, res) => void scripted.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return scripted;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Base URL for OpenAI-compatible clients. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  enqueue(...replies: ScriptedReply[]): void {
    this.script.push(...replies);
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions') || r.path === '/api/chat');
  }

  async close(): Promise<void> {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      headers: req.headers,
      bodyText,
      body,
    };
    this.requests.push(recorded);
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;

    if (recorded.path.endsWith('/embeddings') || recorded.path === '/api/embed') {
      this.embeddings(recorded.path, fields, res);
      return;
    }
    if (!recorded.path.endsWith('/chat/completions') && recorded.path !== '/api/chat') {
      json(res, 404, { error: { message: `no route ${recorded.path}` } });
      return;
    }
    const reply = this.script.shift() ?? this.responder(recorded);
    if (reply.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (reply.kind === 'hang') {
      this.pending.add(res);
      res.on('close', () => this.pending.delete(res));
      return;
    }
    if (reply.delayMs) {
      this.pending.add(res);
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      this.pending.delete(res);
      if (res.destroyed) return;
    }
    if (reply.kind === 'error') {
      json(res, reply.status, {
        error: { message: reply.message ?? `scripted ${reply.status}`, type: 'scripted' },
      });
      return;
    }
    const model = reply.model ?? (typeof fields['model'] === 'string' ? fields['model'] : 'scripted-model');
    const tokensIn = reply.tokensIn ?? Math.ceil(bodyText.length / 4);
    const tokensOut = reply.tokensOut ?? Math.ceil(reply.content.length / 4);
    if (recorded.path === '/api/chat') {
      ollamaChat(res, fields['stream'] !== false, model, reply.content, tokensIn, tokensOut);
      return;
    }
    json(res, 200, {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: tokensIn, completion_tokens: tokensOut, total_tokens: tokensIn + tokensOut },
    });
  }

  private embeddings(path: string, fields: Record<string, unknown>, res: ServerResponse): void {
    const raw = fields['input'];
    const inputs = Array.isArray(raw) ? raw.map(String) : [String(raw ?? '')];
    const vectors = inputs.map((text) => hashEmbedding(text, 16));
    if (path === '/api/embed') {
      json(res, 200, { model: fields['model'], embeddings: vectors });
      return;
    }
    const base64 = fields['encoding_format'] === 'base64';
    json(res, 200, {
      object: 'list',
      model: fields['model'],
      data: vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
      })),
      usage: { prompt_tokens: inputs.join(' ').length, total_tokens: inputs.join(' ').length },
    });
  }
}

/** Bag-of-words hashed into `dims` buckets and normalised: similar texts get similar vectors. */
export function hashEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const bucket = createHash('sha256').update(word).digest().readUInt32BE(0) % dims;
    v[bucket] = (v[bucket] ?? 0) + 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function ollamaChat(
  res: ServerResponse,
  stream: boolean,
  model: string,
  content: string,
  tokensIn: number,
  tokensOut: number,
): void {
  const created_at = new Date().toISOString();
  const final = {
    model,
    created_at,
    message: { role: 'assistant', content: stream ? '' : content },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: tokensIn,
    eval_count: tokensOut,
  };
  if (!stream) {
    json(res, 200, final);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  res.write(
    `${JSON.stringify({ model, created_at, message: { role: 'assistant', content }, done: false })}\n`,
  );
  res.end(`${JSON.stringify(final)}\n`);
}
