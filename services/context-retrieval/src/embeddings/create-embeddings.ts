import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LangChainEmbeddingsAdapter, type EmbeddingsPort } from '@andon/llm';
import type { ContextRetrievalConfig } from '../config/context-retrieval.config';
import { HashingEmbeddings } from './hashing-embeddings';
import { missingMiniLmFiles, OnnxMiniLmEmbeddings } from '@andon/embeddings';

export type EmbeddingsConfig = Pick<
  ContextRetrievalConfig,
  | 'EMBEDDINGS'
  | 'EMBEDDING_DIMS'
  | 'LLM_PROVIDER'
  | 'LLM_BASE_URL'
  | 'LLM_API_KEY'
  | 'LLM_EMBEDDING_MODEL'
  | 'MINILM_MODEL_DIR'
> &
  Partial<Pick<ContextRetrievalConfig, 'ANDON_DATA_DIR'>>;

export interface ResolvedEmbeddings {
  embeddings: EmbeddingsPort | null;
  /** Dimension to map in the index; null turns the vector retriever off. */
  dims: number | null;
  /** For the start-up log: what ranks, and why. */
  description: string;
  /** The vectors carry meaning (a model), so fusion may lean on them. */
  semantic: boolean;
}

/**
 * Precedence for `auto`: a configured endpoint, then the offline all-MiniLM-L6-v2 model
 * when its folder is present, then BM25 alone (docs/adr/0013-retrieval.md, Embeddings).
 * The MiniLM session is built lazily, so this stays synchronous and cheap.
 */
export function createEmbeddings(config: EmbeddingsConfig): ResolvedEmbeddings {
  if (config.EMBEDDINGS === 'none')
    return { embeddings: null, dims: null, description: 'BM25 only (EMBEDDINGS=none)', semantic: false };
  if (config.EMBEDDINGS === 'hashing') {
    return {
      embeddings: new HashingEmbeddings(config.EMBEDDING_DIMS),
      dims: config.EMBEDDING_DIMS,
      description: `BM25 + hashing vectors (${config.EMBEDDING_DIMS} dims; deterministic, NOT semantic)`,
      semantic: false,
    };
  }
  const modelDir = config.MINILM_MODEL_DIR?.trim() || undefined;
  if (config.EMBEDDINGS === 'minilm') {
    if (!modelDir)
      throw new Error(
        'EMBEDDINGS=minilm needs MINILM_MODEL_DIR (the folder deploy/local/install-minilm.sh prints)',
      );
    return miniLm(modelDir, config.ANDON_DATA_DIR);
  }
  if (config.LLM_PROVIDER && config.LLM_EMBEDDING_MODEL) {
    return {
      embeddings: new LangChainEmbeddingsAdapter({
        provider: config.LLM_PROVIDER,
        baseUrl: config.LLM_BASE_URL,
        apiKey: config.LLM_API_KEY,
        model: config.LLM_EMBEDDING_MODEL,
      }),
      dims: config.EMBEDDING_DIMS,
      description: `BM25 + ${config.LLM_PROVIDER} embeddings ${config.LLM_EMBEDDING_MODEL} (${config.EMBEDDING_DIMS} dims)`,
      semantic: true,
    };
  }
  if (modelDir) {
    const missing = missingMiniLmFiles(modelDir);
    if (missing.length === 0) return miniLm(modelDir, config.ANDON_DATA_DIR);
    return {
      embeddings: null,
      dims: null,
      description: `BM25 only (MINILM_MODEL_DIR ${modelDir} lacks ${missing.join(', ')}; no embeddings endpoint configured)`,
      semantic: false,
    };
  }
  return {
    embeddings: null,
    dims: null,
    description:
      'BM25 only (no embeddings endpoint configured: set LLM_PROVIDER and LLM_EMBEDDING_MODEL, or MINILM_MODEL_DIR)',
    semantic: false,
  };
}

/**
 * With a read-only model folder (a Kubernetes volume) the graph goes into a scratch folder
 * next to a hard link to, or a copy of, the weights: the data directory, because a pod's
 * /tmp is a small emptyDir and the weights are 90 MB.
 */
function miniLm(modelDir: string, dataDir: string | undefined): ResolvedEmbeddings {
  const scratchDir = dataDir ? join(dataDir, 'minilm-scratch') : undefined;
  if (scratchDir) mkdirSync(scratchDir, { recursive: true });
  const embeddings = new OnnxMiniLmEmbeddings({ modelDir, ...(scratchDir ? { scratchDir } : {}) });
  // The model fixes the dimension; EMBEDDING_DIMS describes endpoint models only.
  return {
    embeddings,
    dims: embeddings.dims,
    description: `BM25 + all-MiniLM-L6-v2 via onnxruntime (${embeddings.dims} dims, offline, ${modelDir})`,
    semantic: true,
  };
}
