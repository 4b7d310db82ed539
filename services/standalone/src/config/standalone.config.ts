import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

/**
 * Standalone's own settings. Each composed service still validates its own variables
 * from the same environment; these only decide what the one process runs.
 */
export const standaloneConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8080),
  /** `pretty`: one readable line per event (npm start sets it); `json`: JSON lines (containers); `auto`: pretty on a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** A laptop mesh (and its simulated MES) answers this machine only; set 0.0.0.0 to share it deliberately. */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** gRPC servers are off by default in one process: REST and the console are the interface. */
  STANDALONE_GRPC: fields.boolean(false),
  SIM_GENERATOR: fields.boolean(true),
  SIM_SEED: fields.positiveInt(42),
  /** real milliseconds per simulated plant minute while replaying history */
  SIM_INTERVAL_MS: fields.positiveInt(100),
  SIM_MALFORMED_RATE: fields.unitInterval(0.01),
  /** The seeded scenario: every use case within the first simulated hours (see mes-sim). */
  SIM_SCENARIO: fields.boolean(true),
  /** Publish the knowledge folder's revisions on the documents topic, as the plant's document control would. */
  SIM_DOCUMENTS: fields.boolean(true),
  /** hours of plant history replayed quickly at start, then the plant runs at wall-clock pace */
  SIM_BACKFILL_HOURS: z.coerce.number().min(0).max(23).default(8),
  /** Without KAFKA_BROKERS: `sqlite` keeps the bus in ANDON_DATA_DIR/bus.sqlite (durable), `memory` loses it on exit. */
  BUS_EMBEDDED: z.enum(['sqlite', 'memory']).default('sqlite'),
});
export type StandaloneConfig = z.infer<typeof standaloneConfigSchema>;

export const loadStandaloneConfig = (
  env: Record<string, string | undefined> = process.env,
): StandaloneConfig => loadConfig(standaloneConfigSchema, env);
