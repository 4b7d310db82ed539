import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

export const mesSimConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8090),
  SIM_SEED: fields.positiveInt(42),
  SIM_GENERATOR: fields.boolean(true),
  /** real milliseconds per simulated minute */
  SIM_INTERVAL_MS: fields.positiveInt(1000),
  SIM_MALFORMED_RATE: z.coerce.number().min(0).max(1).default(0.01),
});
export type MesSimConfig = z.infer<typeof mesSimConfigSchema>;

export const loadMesSimConfig = (env = process.env): MesSimConfig => loadConfig(mesSimConfigSchema, env);
