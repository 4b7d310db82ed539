import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelServerConfig } from './model-server.config';
import { ConversationError, type GenerateRequest, type GenerateResult } from './llama-runtime';
import {
  chatCompletionRequest,
  errorBody,
  requestedSchema,
  turnsOf,
  type ChatCompletionResponse,
} from './openai-protocol';
import { QueueAbortedError, QueueFullError, RequestGate } from './request-gate';

/** What the HTTP layer needs of a model: LlamaRuntime in production and in tests. */
export interface ModelEngine {
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/** One line per finished chat completion, for the server's log. */
export interface CompletionLog {
  status: number;
  promptTokens: number;
  completionTokens: number;
  queueMs: number;
  generationMs: number;
  grammar: string;
  finishReason: string;
  note?: string;
}

export interface RunningModelServer {
  /** Base URL of the OpenAI-compatible API, ending in /v1. */
  url: string;
  server: Server;
  gate: RequestGate;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit)
      throw new HttpError(413, 'invalid_request_error', `request body larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_request_error', 'request body is not JSON');
  }
}

function authorised(req: IncomingMessage, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(apiKey);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * An OpenAI-compatible endpoint over one local model: `GET /v1/models`,
 * `POST /v1/chat/completions` (no streaming). Bounded everywhere: `concurrency`
 * generations at once, `queueLimit` waiting (429 beyond), `max_tokens` capped, and a
 * wall-time bound from arrival, queueing included (504). A client that hangs up stops
 * its generation or leaves the queue.
 */
export async function startModelServer(
  config: ModelServerConfig,
  engine: ModelEngine,
  onCompletion?: (log: CompletionLog) => void,
): Promise<RunningModelServer> {
  const gate = new RequestGate(config.concurrency, config.queueLimit);
  const created = Math.floor(Date.now() / 1000);

  const chat = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrived = Date.now();
    const parsed = chatCompletionRequest.safeParse(await readJson(req, config.maxBodyBytes));
    if (!parsed.success) {
      throw new HttpError(
        400,
        'invalid_request_error',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const body = parsed.data;
    if (body.stream)
      throw new HttpError(
        400,
        'invalid_request_error',
        'stream: true is not supported by this server',
        'unsupported_parameter',
      );
    if ((body.n ?? 1) !== 1)
      throw new HttpError(400, 'invalid_request_error', 'only n = 1 is supported', 'unsupported_parameter');

    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error(`wall-time bound of ${config.timeoutMs} ms exceeded`)),
      config.timeoutMs,
    );
    const hangUp = (): void => {
      if (!res.writableEnded) deadline.abort(new Error('client closed the connection'));
    };
    res.on('close', hangUp);
    const format = body.response_format;
    let queueMs = 0;
    try {
      const result = await gate.run(async () => {
        queueMs = Date.now() - arrived;
        if (deadline.signal.aborted) throw new QueueAbortedError('the bound ran out as the slot freed');
        return engine.generate({
          messages: turnsOf(body),
          maxTokens: Math.min(
            body.max_completion_tokens ?? body.max_tokens ?? config.maxTokens,
            config.maxTokens,
          ),
          temperature: body.temperature ?? 0,
          jsonSchema: config.grammar ? requestedSchema(format) : undefined,
          json: config.grammar && (format?.type === 'json_object' || format?.type === 'json_schema'),
          signal: deadline.signal,
        });
      }, deadline.signal);
      onCompletion?.({
        status: result.finishReason === 'aborted' ? 504 : 200,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
        queueMs,
        generationMs: Date.now() - arrived - queueMs,
        grammar: result.grammar,
        finishReason: result.finishReason,
        ...(result.grammarNote ? { note: result.grammarNote } : {}),
      });
      if (result.finishReason === 'aborted') {
        throw new HttpError(
          504,
          'timeout',
          `generation stopped after ${Date.now() - arrived} ms: the wall-time bound is ${config.timeoutMs} ms`,
          'generation_timeout',
        );
      }
      const response: ChatCompletionResponse = {
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: config.modelName,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: result.text },
            finish_reason: result.finishReason,
          },
        ],
        usage: {
          prompt_tokens: result.promptTokens,
          completion_tokens: result.completionTokens,
          total_tokens: result.promptTokens + result.completionTokens,
        },
        andon: {
          grammar: result.grammar,
          ...(result.grammarNote ? { grammar_note: result.grammarNote } : {}),
          queue_ms: queueMs,
          generation_ms: Date.now() - arrived - queueMs,
        },
      };
      send(res, 200, response, { 'x-andon-grammar': result.grammar });
    } catch (error) {
      if (error instanceof QueueFullError)
        throw new HttpError(429, 'rate_limit_exceeded', error.message, 'queue_full');
      if (error instanceof QueueAbortedError)
        throw new HttpError(
          504,
          'timeout',
          `not started within ${config.timeoutMs} ms (${error.message})`,
          'queue_timeout',
        );
      if (error instanceof ConversationError)
        throw new HttpError(400, 'invalid_request_error', error.message);
      throw error;
    } finally {
      clearTimeout(timer);
      res.off('close', hangUp);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (!authorised(req, config.apiKey))
      throw new HttpError(401, 'authentication_error', 'missing or wrong bearer key', 'invalid_api_key');
    if (req.method === 'GET' && path === '/v1/models') {
      send(res, 200, {
        object: 'list',
        data: [{ id: config.modelName, object: 'model', created, owned_by: 'andon-local' }],
      });
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
    if (path === '/v1/embeddings') {
      throw new HttpError(
        404,
        'invalid_request_error',
        'embeddings are not served by the local chat model; retrieval uses the MiniLM embedder',
        'not_supported',
      );
    }
    throw new HttpError(404, 'invalid_request_error', `no route ${req.method ?? ''} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        send(
          res,
          error.status,
          errorBody(error.message, error.type, error.code),
          error.status === 429 ? { 'retry-after': '1' } : {},
        );
        return;
      }
      send(res, 500, errorBody(error instanceof Error ? error.message : String(error), 'server_error'));
    });
  });
  // Generations are bounded by timeoutMs; the socket may idle a little longer than that.
  server.requestTimeout = config.timeoutMs + 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/v1`,
    server,
    gate,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
