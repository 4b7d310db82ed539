import { LangChainEmbeddingsAdapter, type EmbeddingsPort } from '@andon/llm';
import type { ContextRetrievalConfig } from '../config/context-retrieval.config';
import { HashingEmbeddings } from './hashing-embeddings';

export type EmbeddingsConfig = Pick<ContextRetrievalConfig, 'EMBEDDINGS' | 'EMBEDDING_DIMS' | 'LLM_PROVIDER' | 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_EMBEDDING_MODEL'>;

export interface ResolvedEmbeddings {
  embeddings: EmbeddingsPort | null;
  /** Dimension to map in the index; null turns the vector retriever off. */
  dims: number | null;
  /** For the start-up log: what ranks, and why. */
  description: string;
}

/**
 * No offline embedding model ships with Andon (see docs/adr/0013-retrieval.md): without a
 * configured endpoint the vector retriever is off and BM25 ranks alone.
 */
export function createEmbeddings(config: EmbeddingsConfig): ResolvedEmbeddings {
  if (config.EMBEDDINGS === 'none') return { embeddings: null, dims: null, description: 'BM25 only (EMBEDDINGS=none)' };
  if (config.EMBEDDINGS === 'hashing') {
    return { embeddings: new HashingEmbeddings(config.EMBEDDING_DIMS), dims: config.EMBEDDING_DIMS, description: `BM25 + hashing vectors (${config.EMBEDDING_DIMS} dims; deterministic, NOT semantic)` };
  }
  if (config.LLM_PROVIDER && config.LLM_EMBEDDING_MODEL) {
    return {
      embeddings: new LangChainEmbeddingsAdapter({ provider: config.LLM_PROVIDER, baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_EMBEDDING_MODEL }),
      dims: config.EMBEDDING_DIMS,
      description: `BM25 + ${config.LLM_PROVIDER} embeddings ${config.LLM_EMBEDDING_MODEL} (${config.EMBEDDING_DIMS} dims)`,
    };
  }
  return { embeddings: null, dims: null, description: 'BM25 only (no embeddings endpoint configured: set LLM_PROVIDER and LLM_EMBEDDING_MODEL)' };
}
