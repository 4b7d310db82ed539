export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  /** Ask the provider for a JSON object (OpenAI `response_format`, Ollama `format: json`). */
  jsonMode: boolean;
  signal?: AbortSignal;
}

export interface ChatCompletion {
  text: string;
  tokensIn: number;
  tokensOut: number;
  /** Model name as reported by the provider, falling back to the requested one. */
  model: string;
}

/** One chat model provider. Adapters translate errors into ProviderError. */
export interface ChatModelPort {
  readonly provider: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
}

export interface EmbeddingsPort {
  readonly provider: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}
