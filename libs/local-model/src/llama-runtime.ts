import type {
  ChatHistoryItem,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
} from 'node-llama-cpp' with { 'resolution-mode': 'import' };

type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });

/**
 * node-llama-cpp is ESM-only with top-level await, so `require()` cannot load it, and the
 * TypeScript transforms this repository runs under (swc) turn `import()` into `require()`.
 * A Function-built `import()` is left alone by every transform.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<NodeLlamaCpp>;

export interface RuntimeOptions {
  modelPath: string;
  contextSize: number;
  threads: number;
  /** Parallel sequences in the one context: the server's concurrency. */
  sequences: number;
}

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** How the output was constrained: by the request's JSON schema, by a generic JSON grammar, or not at all. */
export type GrammarMode = 'json-schema' | 'json' | 'none';

export interface GenerateRequest {
  messages: readonly ChatTurn[];
  maxTokens: number;
  temperature: number;
  /** JSON Schema to constrain the output to; `json: true` without it constrains to any JSON value. */
  jsonSchema?: Record<string, unknown> | undefined;
  json?: boolean;
  signal: AbortSignal;
}

export interface GenerateResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length' | 'aborted';
  grammar: GrammarMode;
  /** Why a requested grammar was not used (e.g. a schema feature the GBNF converter refuses). */
  grammarNote?: string;
}

/**
 * One GGUF model on the CPU through node-llama-cpp's prebuilt binary (`build: 'never'`:
 * never compile llama.cpp at run time). A context holds one sequence per concurrent
 * generation; a sequence keeps its tokens between requests, so a request that shares a
 * prefix (the same system prompt) only evaluates what differs.
 */
export class LlamaRuntime {
  private readonly free: LlamaContextSequence[];
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  private constructor(
    private readonly lib: NodeLlamaCpp,
    private readonly llama: Llama,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
  ) {
    this.free = [];
    while (context.sequencesLeft > 0) this.free.push(context.getSequence());
  }

  static async load(options: RuntimeOptions): Promise<LlamaRuntime> {
    const lib = await importEsm('node-llama-cpp');
    const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: options.modelPath });
    // Small batches: an abort (time-out, client gone) is seen between batches of the prompt.
    const context = await model.createContext({
      contextSize: options.contextSize,
      threads: options.threads,
      sequences: options.sequences,
      batchSize: 128,
    });
    return new LlamaRuntime(lib, llama, model, context);
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  /** Callers bound concurrency to `sequences` (RequestGate), so a sequence is always free here. */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const sequence = this.free.pop();
    if (!sequence) throw new Error('no free context sequence: concurrency exceeds the configured sequences');
    const session = new this.lib.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      const { history, prompt } = splitConversation(request.messages);
      session.setChatHistory(history);
      const promptTokens = session.chatWrapper
        .generateContextState({
          chatHistory: [...history, { type: 'user', text: prompt }, { type: 'model', response: [] }],
        })
        .contextText.tokenize(this.model.tokenizer).length;
      const { grammar, mode, note } = await this.grammarFor(request);
      let completionTokens = 0;
      const aborted = (): GenerateResult => ({
        text: '',
        promptTokens,
        completionTokens,
        finishReason: 'aborted',
        grammar: mode,
        ...(note ? { grammarNote: note } : {}),
      });
      if (request.signal.aborted) return aborted();
      const pending = session.promptWithMeta(prompt, {
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        signal: request.signal,
        stopOnAbortSignal: true,
        ...(grammar ? { grammar } : {}),
        onToken: (tokens) => {
          completionTokens += tokens.length;
        },
      });
      // stopOnAbortSignal covers generation; an abort during prompt evaluation rejects instead.
      const result = await pending.catch((error: unknown) => {
        if (request.signal.aborted) return undefined;
        throw error;
      });
      if (!result) return aborted();
      const finishReason =
        result.stopReason === 'abort' ? 'aborted' : result.stopReason === 'maxTokens' ? 'length' : 'stop';
      return {
        text: result.responseText,
        promptTokens,
        completionTokens,
        finishReason,
        grammar: mode,
        ...(note ? { grammarNote: note } : {}),
      };
    } finally {
      session.dispose({ disposeSequence: false });
      this.free.push(sequence);
    }
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }

  private async grammarFor(
    request: GenerateRequest,
  ): Promise<{ grammar: LlamaGrammar | undefined; mode: GrammarMode; note?: string }> {
    if (request.jsonSchema) {
      const schema = gbnfSchema(request.jsonSchema);
      const key = JSON.stringify(schema);
      let pending = this.grammars.get(key);
      if (!pending) {
        pending = this.llama.createGrammarForJsonSchema(
          schema as Parameters<Llama['createGrammarForJsonSchema']>[0],
        );
        this.grammars.set(key, pending);
      }
      try {
        return { grammar: await pending, mode: 'json-schema' };
      } catch (error) {
        this.grammars.delete(key);
        const note = `json_schema not convertible to a grammar (${error instanceof Error ? error.message : String(error)}); constrained to any JSON instead`;
        return { grammar: await this.llama.getGrammarFor('json'), mode: 'json', note };
      }
    }
    if (request.json) return { grammar: await this.llama.getGrammarFor('json'), mode: 'json' };
    return { grammar: undefined, mode: 'none' };
  }
}

/** System turns and earlier turns become the session history; the last turn must be the user's prompt. */
export function splitConversation(messages: readonly ChatTurn[]): {
  history: ChatHistoryItem[];
  prompt: string;
} {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user') throw new ConversationError('the last message must have role "user"');
  const history: ChatHistoryItem[] = messages.slice(0, -1).map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
  return { history, prompt: last.content };
}

export class ConversationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversationError';
  }
}

/**
 * Drops the keys the GBNF converter has no use for (`$schema`, `title`, `default`,
 * `examples`) at every level; the rest of the schema is handed over as is.
 */
export function gbnfSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(gbnfSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === 'title' || key === 'default' || key === 'examples') continue;
    out[key] =
      key === 'properties' || key === '$defs' || key === 'definitions' ? mapValues(value) : gbnfSchema(value);
  }
  return out;
}

function mapValues(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, gbnfSchema(v)]));
}
