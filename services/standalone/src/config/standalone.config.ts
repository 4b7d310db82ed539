import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

/**
 * Standalone's own settings. Each composed service still validates its own variables
 * from the same environment; these only decide what the one process runs.
 */
export const standaloneConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8080),
  /** gRPC servers are off by default in one process: REST and the console are the interface. */
  STANDALONE_GRPC: fields.boolean(false),
  SIM_GENERATOR: fields.boolean(true),
  SIM_SEED: fields.positiveInt(42),
  /** real milliseconds per simulated plant minute while replaying history */
  SIM_INTERVAL_MS: fields.positiveInt(100),
  SIM_MALFORMED_RATE: fields.unitInterval(0.01),
  /** hours of plant history replayed quickly at start, then the plant runs at wall-clock pace */
  SIM_BACKFILL_HOURS: z.coerce.number().min(0).max(23).default(8),
});
export type StandaloneConfig = z.infer<typeof standaloneConfigSchema>;

export const loadStandaloneConfig = (env: Record<string, string | undefined> = process.env): StandaloneConfig =>
  loadConfig(standaloneConfigSchema, env);
