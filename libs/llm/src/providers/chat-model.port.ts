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
  /**
   * The output's JSON Schema, for providers that constrain generation to it (the local
   * model server by grammar); sent only when the provider settings enable it.
   */
  jsonSchema?: { name: string; schema: Record<string, unknown> } | undefined;
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
