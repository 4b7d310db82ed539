import type { EmbeddingsPort } from '@andon/llm';
import {
  createEmbeddings,
  type FusionPolicy,
  fusionPolicyFromConfig,
  loadContextRetrievalConfig,
} from '@andon/service-context-retrieval/bench';

export interface BenchEmbedder {
  name: string;
  embeddings: EmbeddingsPort;
  dims: number;
  description: string;
  /** The fusion policy the service would run with this embedder and the environment. */
  fusion: FusionPolicy;
}

/**
 * The embedder named by BENCH_EMBEDDER, resolved exactly as the service resolves
 * EMBEDDINGS (same config schema, same factory), so a model added there (e.g. `minilm`)
 * is benchmarked by name without changing this file. `openai` means the configured
 * OpenAI-compatible endpoint (EMBEDDINGS=auto with LLM_PROVIDER / LLM_EMBEDDING_MODEL).
 */
export async function resolveBenchEmbedder(
  name = process.env['BENCH_EMBEDDER'] ?? 'hashing',
): Promise<BenchEmbedder> {
  const config = loadContextRetrievalConfig({
    ...process.env,
    EMBEDDINGS: name === 'openai' ? 'auto' : name,
  });
  // Promise.resolve: the factory may become async when a local model has to load.
  const resolved = await Promise.resolve(createEmbeddings(config));
  if (!resolved.embeddings || resolved.dims === null)
    throw new Error(`BENCH_EMBEDDER=${name} yields no embedder: ${resolved.description}`);
  return {
    name,
    embeddings: resolved.embeddings,
    dims: resolved.dims,
    description: resolved.description,
    fusion: fusionPolicyFromConfig(config, resolved.semantic),
  };
}
