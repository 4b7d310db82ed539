import { readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { stateTopic } from '../protocols/sparkplug/sparkplug-topic';
import { mqttPassword, type MqttSourceConfig } from './mqtt-source.config';

/** Sparkplug B 3.0 host application state: JSON, retained, QoS 1; the will says offline with the same timestamp. */
export function statePayload(online: boolean, timestamp: number): string {
  return JSON.stringify({ online, timestamp });
}

/**
 * Options for a persistent QoS 1 session: a fixed client id and clean=false (MQTT 3.1.1),
 * or clean start=false with a session expiry (MQTT 5), so the broker queues what arrives
 * while ingest is away and re-sends what it did not acknowledge. TLS trusts
 * INGEST_MQTT_CA_FILE (else the system CAs) and verifies the server's certificate.
 */
export function mqttClientOptions(config: MqttSourceConfig, stateTimestamp: number): IClientOptions {
  const password = mqttPassword(config);
  const options: IClientOptions = {
    clientId: config.INGEST_MQTT_CLIENT_ID,
    protocolVersion: config.INGEST_MQTT_PROTOCOL_VERSION,
    clean: false,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    keepalive: 30,
    resubscribe: true,
    rejectUnauthorized: true,
    will: {
      topic: stateTopic(config.INGEST_MQTT_HOST_ID),
      payload: Buffer.from(statePayload(false, stateTimestamp)),
      qos: 1,
      retain: true,
    },
    ...(config.INGEST_MQTT_PROTOCOL_VERSION === 5
      ? { properties: { sessionExpiryInterval: config.INGEST_MQTT_SESSION_EXPIRY_S } }
      : {}),
    ...(config.INGEST_MQTT_USERNAME !== undefined ? { username: config.INGEST_MQTT_USERNAME } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(config.INGEST_MQTT_CA_FILE !== undefined ? { ca: readFileSync(config.INGEST_MQTT_CA_FILE) } : {}),
    ...(config.INGEST_MQTT_CERT_FILE !== undefined
      ? { cert: readFileSync(config.INGEST_MQTT_CERT_FILE) }
      : {}),
    ...(config.INGEST_MQTT_KEY_FILE !== undefined ? { key: readFileSync(config.INGEST_MQTT_KEY_FILE) } : {}),
  };
  return options;
}

export type MessageHandler = (topic: string, payload: Buffer, messageId: number | undefined) => Promise<void>;

/**
 * Connects with acknowledge-after-handling: mqtt.js sends a QoS 1 PUBACK only after
 * `handleMessage` calls back, and reads the next packet only then, so a message is
 * acknowledged once its plant events and dead letters are on the bus. A handler that
 * never resolves (stopping mid-message) leaves it unacknowledged: the broker re-sends it
 * to the next session with this client id, and dedupe absorbs what was already published.
 */
export function connectMqtt(url: string, options: IClientOptions, handler: MessageHandler): MqttClient {
  const client = connect(url, { ...options, manualConnect: true });
  client.handleMessage = (packet, callback) => {
    handler(
      packet.topic,
      Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      packet.messageId,
    ).then(
      () => callback(),
      // Only when the source stops mid-message: no PUBACK, the broker re-sends later.
      () => undefined,
    );
  };
  client.connect();
  return client;
}
