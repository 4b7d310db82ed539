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
      .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
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
  ANDON_DATA_DIR: z.string().default('.andon-data'),
  LOG_LEVEL: fields.logLevel(),
});
export type AdapterConfig = z.infer<typeof adapterSchema>;
