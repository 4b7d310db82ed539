import { z } from 'zod';
import { fields, loadConfig } from '@andon/config';

export const TASK_KINDS = ['classify', 'extract', 'summarise', 'reason'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TIERS = ['small', 'large'] as const;
export type Tier = (typeof TIERS)[number];

/** Parses `key=value,key=value` into a record, validating each value with `value`. */
function keyValueList<V extends z.ZodType>(value: V) {
  return z.string().transform((raw, ctx) => {
    const out: Record<string, z.infer<V>> = {};
    for (const part of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected key=value, got "${part}"` });
        return z.NEVER;
      }
      const parsed = value.safeParse(part.slice(eq + 1).trim());
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `bad value for "${part.slice(0, eq)}": ${parsed.error.issues[0]?.message}`,
        });
        return z.NEVER;
      }
      out[part.slice(0, eq).trim()] = parsed.data as z.infer<V>;
    }
    return out;
  });
}

const price = z
  .string()
  .regex(/^\d+(\.\d+)?:\d+(\.\d+)?$/, 'expected <usd per 1M input tokens>:<usd per 1M output tokens>')
  .transform((v) => {
    const [input, output] = v.split(':').map(Number);
    return { inputPerMTok: input ?? 0, outputPerMTok: output ?? 0 };
  });

/**
 * Environment of the LLM gateway. A provider is only used when LLM_PROVIDER and at
 * least one model are set; otherwise every use case runs on the deterministic engine.
 */
export const llmEnvSchema = z.object({
  /** `local`: the local model server (`andon model serve`, ADR 0018) at LLM_BASE_URL, OpenAI-compatible. */
  LLM_PROVIDER: z.enum(['openai', 'ollama', 'local']).optional(),
  LLM_BASE_URL: fields.url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL_SMALL: z.string().optional(),
  LLM_MODEL_LARGE: z.string().optional(),
  LLM_EMBEDDING_MODEL: z.string().optional(),
  LLM_JSON_MODE: fields.boolean(true),
  /**
   * Send the output's JSON Schema with the JSON-mode request (`response_format.schema`,
   * llama.cpp server's form) so a local server can constrain generation by grammar.
   * Default: on for LLM_PROVIDER=local, off otherwise.
   */
  LLM_JSON_SCHEMA: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
  LLM_TIMEOUT_MS: fields.positiveInt(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).default(250),
  LLM_BREAKER_FAILURE_THRESHOLD: fields.positiveInt(5),
  LLM_BREAKER_RESET_MS: fields.positiveInt(30_000),
  LLM_SITE_CONCURRENCY: fields.positiveInt(4),
  LLM_MAX_OUTPUT_TOKENS: fields.positiveInt(1_024),
  /** Default daily token budget (input + output) for a site without its own entry. */
  LLM_DAILY_TOKEN_BUDGET: fields.positiveInt(2_000_000),
  /** Per-site overrides, e.g. `plant-a=500000,plant-b=100000`. */
  LLM_DAILY_TOKEN_BUDGETS: keyValueList(z.coerce.number().int().positive()).default({}),
  /** What an exhausted budget does: fall back to the deterministic engine, or throw. */
  LLM_BUDGET_EXHAUSTED: z.enum(['fallback', 'refuse']).default('fallback'),
  /** Task kind to tier, e.g. `classify=small,reason=large`; unlisted kinds use the defaults. */
  LLM_TASK_TIERS: keyValueList(z.enum(TIERS)).default({}),
  /** Model prices, e.g. `gpt-4o-mini=0.15:0.6,gpt-4o=2.5:10` (USD per 1M tokens in:out). */
  LLM_PRICES: keyValueList(price).default({}),
  LLM_PROMPTS_DIR: z.string().default('prompts'),
  LLM_REDACTION_DIR: z.string().default('config/redaction'),
  /** Versioned routing files and their activation (`andon eval route`); the active one sets the tier per use case. */
  LLM_ROUTING_DIR: z.string().default('config/routing'),
  /** Environment whose active prompt versions are used (prompts/active.yaml). */
  ANDON_ENV: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .default('development'),
});
export type LlmEnv = z.infer<typeof llmEnvSchema>;

export const DEFAULT_TASK_TIERS: Readonly<Record<TaskKind, Tier>> = {
  classify: 'small',
  extract: 'small',
  summarise: 'large',
  reason: 'large',
};

/** What LLM_PROVIDER=local serves unless LLM_MODEL_SMALL/LARGE say otherwise (tools: `andon model serve`). */
export const LOCAL_MODEL_NAME = 'smollm2-135m-instruct';

export interface ProviderSettings {
  provider: 'openai' | 'ollama' | 'local';
  baseUrl: string | undefined;
  apiKey: string | undefined;
  models: Record<Tier, string>;
  embeddingModel: string | undefined;
  jsonMode: boolean;
  /** Send the output's JSON Schema with JSON-mode requests (LLM_JSON_SCHEMA). */
  jsonSchema: boolean;
}

export interface LlmSettings {
  /** Undefined means no model is configured: the deterministic engine answers everything. */
  provider: ProviderSettings | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  breaker: { failureThreshold: number; resetTimeoutMs: number };
  siteConcurrency: number;
  maxOutputTokens: number;
  budget: { defaultDailyTokens: number; perSite: Record<string, number>; onExhausted: 'fallback' | 'refuse' };
  taskTiers: Record<TaskKind, Tier>;
  prices: Record<string, { inputPerMTok: number; outputPerMTok: number }>;
  promptsDir: string;
  redactionDir: string;
  routingDir: string;
  environment: string;
}

export function settingsFromEnv(env: LlmEnv): LlmSettings {
  const local = env.LLM_PROVIDER === 'local';
  if (local && !env.LLM_BASE_URL) {
    throw new Error(
      'LLM_PROVIDER=local needs LLM_BASE_URL: the /v1 URL `andon model serve` prints (npm start sets it when it starts the server)',
    );
  }
  const localDefault = local ? LOCAL_MODEL_NAME : undefined;
  const small = env.LLM_MODEL_SMALL ?? env.LLM_MODEL_LARGE ?? localDefault;
  const large = env.LLM_MODEL_LARGE ?? env.LLM_MODEL_SMALL ?? localDefault;
  const provider: ProviderSettings | undefined =
    env.LLM_PROVIDER && small && large
      ? {
          provider: env.LLM_PROVIDER,
          baseUrl: env.LLM_BASE_URL,
          apiKey: env.LLM_API_KEY,
          models: { small, large },
          embeddingModel: env.LLM_EMBEDDING_MODEL,
          jsonMode: env.LLM_JSON_MODE,
          jsonSchema: env.LLM_JSON_SCHEMA ?? local,
        }
      : undefined;
  const taskTiers = { ...DEFAULT_TASK_TIERS };
  for (const [kind, tier] of Object.entries(env.LLM_TASK_TIERS)) {
    if ((TASK_KINDS as readonly string[]).includes(kind)) taskTiers[kind as TaskKind] = tier;
  }
  return {
    provider,
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
    retryBaseDelayMs: env.LLM_RETRY_BASE_DELAY_MS,
    breaker: {
      failureThreshold: env.LLM_BREAKER_FAILURE_THRESHOLD,
      resetTimeoutMs: env.LLM_BREAKER_RESET_MS,
    },
    siteConcurrency: env.LLM_SITE_CONCURRENCY,
    maxOutputTokens: env.LLM_MAX_OUTPUT_TOKENS,
    budget: {
      defaultDailyTokens: env.LLM_DAILY_TOKEN_BUDGET,
      perSite: env.LLM_DAILY_TOKEN_BUDGETS,
      onExhausted: env.LLM_BUDGET_EXHAUSTED,
    },
    taskTiers,
    prices: env.LLM_PRICES,
    promptsDir: env.LLM_PROMPTS_DIR,
    redactionDir: env.LLM_REDACTION_DIR,
    routingDir: env.LLM_ROUTING_DIR,
    environment: env.ANDON_ENV,
  };
}

/** Reads and validates the LLM environment; throws ConfigError naming every bad variable. */
export function loadLlmSettings(env: Record<string, string | undefined> = process.env): LlmSettings {
  return settingsFromEnv(loadConfig(llmEnvSchema, env));
}
