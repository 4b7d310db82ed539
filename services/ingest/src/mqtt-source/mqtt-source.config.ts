import { readFileSync } from 'node:fs';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The MQTT source (docs/adr/0016). Off unless INGEST_MQTT_URL is set. The password comes
 * from a Secret (INGEST_MQTT_PASSWORD or INGEST_MQTT_PASSWORD_FILE); TLS files are paths
 * (a mounted Secret), never inline keys in values.
 */
export const mqttSourceConfigSchema = z
  .object({
    /** `mqtt://host:1883` or `mqtts://host:8883`. */
    INGEST_MQTT_URL: optional.refine(
      (v) => v === undefined || /^(mqtts?|wss?):\/\//.test(v),
      'mqtt://, mqtts://, ws:// or wss://',
    ),
    /** 4 = MQTT 3.1.1, 5 = MQTT 5. */
    INGEST_MQTT_PROTOCOL_VERSION: z
      .enum(['4', '5'])
      .default('5')
      .transform(Number)
      .pipe(z.union([z.literal(4), z.literal(5)])),
    /** Fixed per deployment: the broker keeps this client's persistent session (QoS 1 queue) under it. */
    INGEST_MQTT_CLIENT_ID: z.string().min(1).max(64).default('andon-ingest'),
    /** MQTT 5 session expiry: how long the broker queues for us while we are away. */
    INGEST_MQTT_SESSION_EXPIRY_S: z.coerce
      .number()
      .int()
      .min(60)
      .default(7 * 24 * 3600),
    INGEST_MQTT_USERNAME: optional,
    INGEST_MQTT_PASSWORD: optional,
    INGEST_MQTT_PASSWORD_FILE: optional,
    /** PEM files: the CA to trust, and a client certificate + key for certificate authentication. */
    INGEST_MQTT_CA_FILE: optional,
    INGEST_MQTT_CERT_FILE: optional,
    INGEST_MQTT_KEY_FILE: optional,
    /** Extra topic filters (comma list) beyond spBv1.0/# and the protocol maps' prefixes; their unmapped messages are dead-lettered. */
    INGEST_MQTT_TOPICS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      ),
    /** Sparkplug host application id (STATE topic spBv1.0/STATE/<id>). */
    INGEST_MQTT_HOST_ID: z
      .string()
      .regex(/^[^/#+]+$/)
      .default('andon-ingest'),
    /**
     * Most messages handled as one batch (one publish to Kafka); their PUBACKs wait for it.
     * Also the MQTT 5 Receive Maximum ingest announces (unacknowledged QoS 1 messages in flight).
     */
    INGEST_MQTT_BATCH_SIZE: z.coerce.number().int().min(1).max(65_535).default(500),
    /** At most one NCMD Rebirth per edge node this often. */
    INGEST_MQTT_REBIRTH_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
    /** Folder of config/protocol-maps/<site>.yaml. */
    INGEST_PROTOCOL_MAPS_DIR: z.string().min(1).default('config/protocol-maps'),
  })
  .refine(
    (c) => (c.INGEST_MQTT_CERT_FILE === undefined) === (c.INGEST_MQTT_KEY_FILE === undefined),
    'INGEST_MQTT_CERT_FILE and INGEST_MQTT_KEY_FILE go together',
  );

export type MqttSourceConfig = z.infer<typeof mqttSourceConfigSchema>;

export function loadMqttSourceConfig(
  env: Record<string, string | undefined> = process.env,
): MqttSourceConfig {
  return mqttSourceConfigSchema.parse(env);
}

/** The password from the variable or the mounted Secret file (trailing newline dropped). */
export function mqttPassword(config: MqttSourceConfig): string | undefined {
  if (config.INGEST_MQTT_PASSWORD !== undefined) return config.INGEST_MQTT_PASSWORD;
  return config.INGEST_MQTT_PASSWORD_FILE === undefined
    ? undefined
    : readFileSync(config.INGEST_MQTT_PASSWORD_FILE, 'utf8').replace(/\r?\n$/, '');
}
