import { z } from 'zod';
import { fields, loadConfig } from '@andon/config';

/**
 * `andon model serve` and the harness server `llm`: a local OpenAI-compatible endpoint
 * over one GGUF file (ADR 0018). Every generation is bounded by tokens and wall time.
 */
export const modelServerEnvSchema = z.object({
  /** The .gguf file; `andon model serve` installs SmolLM2-135M-Instruct when unset. */
  ANDON_MODEL_PATH: z.string().min(1).optional(),
  /** Name served on /v1/models and accepted in requests (any requested name is answered by this model). */
  ANDON_MODEL_NAME: z.string().min(1).default('smollm2-135m-instruct'),
  ANDON_MODEL_HOST: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port (printed on start). */
  ANDON_MODEL_PORT: fields.port(0),
  /** Bearer key clients must send (OpenAI `apiKey`); required when the host is not loopback. */
  ANDON_MODEL_API_KEY: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** Generations running at once (one context sequence each). */
  ANDON_MODEL_CONCURRENCY: fields.positiveInt(1),
  /** Requests waiting beyond those; more are refused with 429. */
  ANDON_MODEL_QUEUE_LIMIT: z.coerce.number().int().min(0).default(8),
  /** Ceiling on max_tokens (a request asking for more is cut to it). */
  ANDON_MODEL_MAX_TOKENS: fields.positiveInt(512),
  /** Wall-time bound per request from arrival, queueing included: 504 when exceeded. */
  ANDON_MODEL_TIMEOUT_MS: fields.positiveInt(120_000),
  ANDON_MODEL_CONTEXT_SIZE: fields.positiveInt(4_096),
  /**
   * CPU threads per context. 1 by default: on 2 shared cores llama.cpp's spinning thread
   * barrier with 2 threads stalled for minutes when other processes held the cores (ADR 0018).
   */
  ANDON_MODEL_THREADS: fields.positiveInt(1),
  /** Constrain `response_format` json_schema / json_object by grammar (false: prompt only). */
  ANDON_MODEL_GRAMMAR: fields.boolean(true),
  /** Largest request body accepted. */
  ANDON_MODEL_MAX_BODY_BYTES: fields.positiveInt(1_000_000),
});
export type ModelServerEnv = z.infer<typeof modelServerEnvSchema>;

export interface ModelServerConfig {
  modelPath: string | undefined;
  modelName: string;
  host: string;
  port: number;
  apiKey: string | undefined;
  concurrency: number;
  queueLimit: number;
  maxTokens: number;
  timeoutMs: number;
  contextSize: number;
  threads: number;
  grammar: boolean;
  maxBodyBytes: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function loadModelServerConfig(
  env: Record<string, string | undefined> = process.env,
): ModelServerConfig {
  const e = loadConfig(modelServerEnvSchema, env);
  if (!LOOPBACK.has(e.ANDON_MODEL_HOST) && !e.ANDON_MODEL_API_KEY) {
    throw new Error(
      `ANDON_MODEL_API_KEY is required when the model server listens on ${e.ANDON_MODEL_HOST} (not loopback)`,
    );
  }
  return {
    modelPath: e.ANDON_MODEL_PATH,
    modelName: e.ANDON_MODEL_NAME,
    host: e.ANDON_MODEL_HOST,
    port: e.ANDON_MODEL_PORT,
    apiKey: e.ANDON_MODEL_API_KEY,
    concurrency: e.ANDON_MODEL_CONCURRENCY,
    queueLimit: e.ANDON_MODEL_QUEUE_LIMIT,
    maxTokens: e.ANDON_MODEL_MAX_TOKENS,
    timeoutMs: e.ANDON_MODEL_TIMEOUT_MS,
    contextSize: e.ANDON_MODEL_CONTEXT_SIZE,
    threads: e.ANDON_MODEL_THREADS,
    grammar: e.ANDON_MODEL_GRAMMAR,
    maxBodyBytes: e.ANDON_MODEL_MAX_BODY_BYTES,
  };
}
