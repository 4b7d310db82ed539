import { z } from 'zod';
import { adapterSchema, fields, loadConfig, userAuthFields } from '@andon/config';
import { llmEnvSchema } from '@andon/llm';

export const contextRetrievalConfigSchema = adapterSchema.extend(llmEnvSchema.shape).extend({
  HTTP_PORT: fields.port(8084),
  /** 0 picks a free port (tests); not started when GRPC_ENABLED is false. */
  GRPC_PORT: fields.port(50054),
  GRPC_ENABLED: fields.boolean(true),
  /** People's tokens, as every service that people call reads them. */
  ...userAuthFields,
  /** Seeded corpus indexed at start-up (unchanged revisions are skipped); '' disables it. */
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  /** Elasticsearch index names are `<prefix>-chunks` and `<prefix>-revisions`. */
  KNOWLEDGE_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .default('andon-knowledge'),
  /**
   * Embeddings for the vector retriever. `auto`: the OpenAI-compatible (or Ollama)
   * endpoint when LLM_PROVIDER and LLM_EMBEDDING_MODEL are set, else the offline
   * all-MiniLM-L6-v2 model when MINILM_MODEL_DIR holds it, else none (BM25 only).
   * `minilm` requires that model. `hashing` is a deterministic, NOT semantic, embedder
   * for demos and tests.
   */
  EMBEDDINGS: z.enum(['auto', 'none', 'minilm', 'hashing']).default('auto'),
  /** all-MiniLM-L6-v2 weights + tokenizer, as unpacked by deploy/local/install-minilm.sh. */
  MINILM_MODEL_DIR: z.string().optional(),
  /** Vector dimension of the embedding model (fixes the index mapping). */
  EMBEDDING_DIMS: fields.positiveInt(384),
  RETRIEVAL_TOP_K: fields.positiveInt(8),
  /**
   * How BM25 and vector hits are fused. `auto`: `convex` with a semantic embedder,
   * `rrf` otherwise (the hashing vectors carry no meaning to weight up). `convex` sums
   * min-max-normalised scores with the weights below; `rrf` is reciprocal rank fusion
   * (k = 60, even weights). Chosen on the labelled queries in bench/retrieval (docs/benchmarks.md).
   */
  RETRIEVAL_FUSION: z.enum(['auto', 'rrf', 'convex']).default('auto'),
  /** Convex: the vector list's weight for queries naming an identifier (BM25 gets the rest). */
  RETRIEVAL_VECTOR_WEIGHT: fields.unitInterval(0.3),
  /** Convex: the vector list's weight for queries in plain words. */
  RETRIEVAL_PROSE_VECTOR_WEIGHT: fields.unitInterval(0.7),
  INDEX_PLANT_EVENTS: fields.boolean(true),
  CONSUMER_GROUP: z.string().default('context-retrieval'),
});

export type ContextRetrievalConfig = z.infer<typeof contextRetrievalConfigSchema>;

export const loadContextRetrievalConfig = (
  env: Record<string, string | undefined> = process.env,
): ContextRetrievalConfig => loadConfig(contextRetrievalConfigSchema, env);

/** The config keys the service module reads; a full ContextRetrievalConfig satisfies it. */
export type ContextRetrievalModuleConfig = Pick<
  ContextRetrievalConfig,
  | 'GRPC_PORT'
  | 'GRPC_ENABLED'
  | 'JWT_HS256_SECRET'
  | 'JWKS_URL'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
  | 'KNOWLEDGE_DIR'
  | 'RETRIEVAL_TOP_K'
  | 'INDEX_PLANT_EVENTS'
  | 'CONSUMER_GROUP'
>;
