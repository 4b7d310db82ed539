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
  /** real milliseconds per simulated plant minute */
  SIM_INTERVAL_MS: fields.positiveInt(2000),
  SIM_MALFORMED_RATE: z.coerce.number().min(0).max(1).default(0.01),
});
export type StandaloneConfig = z.infer<typeof standaloneConfigSchema>;

export const loadStandaloneConfig = (env: Record<string, string | undefined> = process.env): StandaloneConfig =>
  loadConfig(standaloneConfigSchema, env);
