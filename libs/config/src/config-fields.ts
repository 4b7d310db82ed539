import { z } from 'zod';

/** Reusable field parsers for environment variables. */
export const fields = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  /** A share or weight in [0, 1]. */
  unitInterval: (fallback: number) => z.coerce.number().min(0).max(1).default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  csv: () =>
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      )
      .pipe(z.array(z.string()).min(1)),
  url: () => z.url(),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/**
 * Adapters a deployment runs on. Embedded is the laptop default; each distributed
 * adapter switches on when its address is configured.
 */
export const adapterSchema = z.object({
  KAFKA_BROKERS: fields.csv().optional(),
  KAFKA_CLIENT_ID: z.string().default('andon'),
  MONGO_URI: z.string().startsWith('mongodb').optional(),
  ELASTICSEARCH_URL: fields.url().optional(),
  /** OpenSearch 2.x/3.x for the knowledge index; wins over ELASTICSEARCH_URL when both are set. */
  OPENSEARCH_URL: fields.url().optional(),
  ANDON_DATA_DIR: z.string().default('.andon-data'),
  LOG_LEVEL: fields.logLevel(),
  /** `production` makes every service refuse demo identities and development keys at start. */
  ANDON_PROFILE: z.enum(['development', 'production']).default('development'),
  /** Interface the HTTP API binds to: every interface in a container, loopback on a laptop. */
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** Prometheus `/metrics` on its own port (the only one the monitoring namespace may reach); -1: off. */
  METRICS_PORT: z.coerce.number().int().min(-1).max(65535).default(9464),
});

/** People's bearer tokens, for services with routes people call: a development HS256 secret or the IdP's JWKS. */
export const userAuthFields = {
  JWT_HS256_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  JWKS_URL: fields.url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
};
export type AdapterConfig = z.infer<typeof adapterSchema>;
