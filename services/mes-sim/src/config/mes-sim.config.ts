import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

export const mesSimConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8090),
  SIM_SEED: fields.positiveInt(42),
  SIM_GENERATOR: fields.boolean(true),
  /** real milliseconds per simulated minute while replaying history */
  SIM_INTERVAL_MS: fields.positiveInt(100),
  SIM_MALFORMED_RATE: fields.unitInterval(0.01),
  /** Scripted situations (scrap spike, skipped procedure step, alarm burst, NCR with genealogy, schedule slip) in the first simulated hours. */
  SIM_SCENARIO: fields.boolean(true),
  /** hours of plant history replayed quickly at start, then the plant runs at wall-clock pace */
  SIM_BACKFILL_HOURS: z.coerce.number().min(0).max(23).default(8),
  /**
   * Bearer tokens the simulated MES accepts on /mes/v1 (comma list), like a real MES's API
   * credentials; mes-writeback sends one as MES_API_TOKEN. Empty: every MES route is refused.
   */
  /**
   * `kafka`: every raw event to the raw topics. `sparkplug`: machine temperatures, alarms and
   * downtime as Sparkplug B edge nodes on SIM_MQTT_URL (the MQTT path into ingest, ADR 0016),
   * the rest to the raw topics.
   */
  SIM_TRANSPORT: z.enum(['kafka', 'sparkplug']).default('kafka'),
  SIM_MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?):\/\//)
    .optional(),
  /** Sparkplug primary host the edge nodes wait for (ingest's INGEST_MQTT_HOST_ID); empty: publish regardless. */
  SIM_SPARKPLUG_PRIMARY_HOST: z.string().default('andon-ingest'),
  MES_SIM_TOKENS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
});
export type MesSimConfig = z.infer<typeof mesSimConfigSchema>;

/** SIM_TRANSPORT=sparkplug needs a broker. */
export function sparkplugUrl(config: MesSimConfig): string | undefined {
  if (config.SIM_TRANSPORT !== 'sparkplug') return undefined;
  if (!config.SIM_MQTT_URL)
    throw new Error(
      'SIM_TRANSPORT=sparkplug needs SIM_MQTT_URL (mqtt://host:port of the broker ingest subscribes to)',
    );
  return config.SIM_MQTT_URL;
}

export const loadMesSimConfig = (env = process.env): MesSimConfig => loadConfig(mesSimConfigSchema, env);
