import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { EmbeddingsPort } from './chat-model.port';
import { toProviderError, type LangChainProviderOptions } from './langchain-chat.adapter';

/** Embeddings for the knowledge index, through the same provider settings as chat. */
export class LangChainEmbeddingsAdapter implements EmbeddingsPort {
  readonly provider: string;
  private readonly embeddings: Embeddings;

  constructor(options: LangChainProviderOptions & { model: string }) {
    this.provider = options.provider;
    this.embeddings =
      options.provider === 'ollama'
        ? new OllamaEmbeddings({
            model: options.model,
            ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          })
        : new OpenAIEmbeddings({
            model: options.model,
            maxRetries: 0,
            apiKey: options.apiKey ?? 'not-needed',
            configuration: { maxRetries: 0, ...(options.baseUrl ? { baseURL: options.baseUrl } : {}) },
          });
  }

  async embed(texts: string[]): Promise<number[][]> {
    try {
      return await this.embeddings.embedDocuments(texts);
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
