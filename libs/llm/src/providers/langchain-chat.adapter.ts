import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import { ProviderError } from '../resilience/errors';
import type { ChatCompletion, ChatMessage, ChatModelPort, ChatRequest } from './chat-model.port';

export interface LangChainProviderOptions {
  /** `local` is the local model server (`andon model serve`): OpenAI-compatible. */
  provider: 'openai' | 'ollama' | 'local';
  baseUrl: string | undefined;
  apiKey: string | undefined;
  /**
   * Send the request's JSON Schema as `response_format: { type: 'json_object', schema }`
   * (llama.cpp server's form, honoured by the local model server by grammar). Not OpenAI's
   * `json_schema` type: LangChain hands that to the SDK's `parse()`, which throws away a
   * truncated or unparsable answer before the gateway's own checks could classify it.
   */
  sendJsonSchema?: boolean;
}

/** Rough token estimate for providers that do not report usage (4 characters per token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function toLangChain(message: ChatMessage): BaseMessage {
  if (message.role === 'system') return new SystemMessage(message.content);
  if (message.role === 'assistant') return new AIMessage(message.content);
  return new HumanMessage(message.content);
}

function contentText(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) =>
      typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string'
        ? part.text
        : '',
    )
    .join('');
}

/** Maps SDK errors to ProviderError: rate limits, 5xx and transport failures are retryable, other 4xx are not. */
export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const record = (typeof err === 'object' && err !== null ? err : {}) as {
    status?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const status = typeof record.status === 'number' ? record.status : undefined;
  const message = typeof record.message === 'string' ? record.message : String(err);
  const retryable =
    status === undefined ? record.name !== 'AbortError' : status === 408 || status === 429 || status >= 500;
  return new ProviderError(message, retryable, status);
}

/**
 * Chat through LangChain: ChatOpenAI against any OpenAI-compatible base URL (OpenAI,
 * vLLM, llama.cpp server, Ollama's /v1, Azure via its compatible endpoint) or ChatOllama
 * natively. LangChain's own retries are off: the gateway owns retry, timeout and breaker.
 */
export class LangChainChatAdapter implements ChatModelPort {
  readonly provider: string;
  private readonly models = new Map<string, BaseChatModel>();

  constructor(private readonly options: LangChainProviderOptions) {
    this.provider = options.provider;
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const model = this.model(request);
    const messages = request.messages.map(toLangChain);
    let reply: AIMessage;
    try {
      reply =
        model instanceof ChatOpenAI && request.jsonMode
          ? await model.invoke(messages, {
              signal: request.signal,
              response_format: this.responseFormat(request),
            })
          : await model.invoke(messages, { signal: request.signal });
    } catch (err) {
      throw toProviderError(err);
    }
    const text = contentText(reply.content);
    const usage = reply.usage_metadata;
    const reportedModel = reply.response_metadata?.['model_name'] ?? reply.response_metadata?.['model'];
    return {
      text,
      tokensIn: usage?.input_tokens ?? estimateTokens(request.messages.map((m) => m.content).join('\n')),
      tokensOut: usage?.output_tokens ?? estimateTokens(text),
      model: typeof reportedModel === 'string' && reportedModel.length > 0 ? reportedModel : request.model,
    };
  }

  private responseFormat(request: ChatRequest): { type: 'json_object' } {
    if (!this.options.sendJsonSchema || !request.jsonSchema) return { type: 'json_object' };
    // The extra `schema` key is not in the SDK's type; LangChain and the SDK pass it through unchanged.
    const format: { type: 'json_object'; schema: Record<string, unknown> } = {
      type: 'json_object',
      schema: request.jsonSchema.schema,
    };
    return format;
  }

  private model(request: ChatRequest): BaseChatModel {
    const key = `${request.model}|${request.temperature}|${request.maxTokens}|${request.jsonMode}`;
    const cached = this.models.get(key);
    if (cached) return cached;
    const created: BaseChatModel =
      this.options.provider === 'ollama'
        ? new ChatOllama({
            model: request.model,
            temperature: request.temperature,
            numPredict: request.maxTokens,
            maxRetries: 0,
            checkOrPullModel: false,
            ...(this.options.baseUrl ? { baseUrl: this.options.baseUrl } : {}),
            ...(request.jsonMode ? { format: 'json' } : {}),
          })
        : new ChatOpenAI({
            model: request.model,
            temperature: request.temperature,
            maxTokens: request.maxTokens,
            maxRetries: 0,
            // OpenAI-compatible local servers ignore the key, but the SDK refuses to start without one.
            apiKey: this.options.apiKey ?? 'not-needed',
            configuration: {
              maxRetries: 0,
              ...(this.options.baseUrl ? { baseURL: this.options.baseUrl } : {}),
            },
          });
    this.models.set(key, created);
    return created;
  }
}
