import { readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient, type Packet } from 'mqtt';
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

export interface ReceivedMessage {
  topic: string;
  payload: Buffer;
  messageId: number | undefined;
}

export type BatchHandler = (messages: ReceivedMessage[]) => Promise<void>;

type SendPacket = (
  packet: Packet,
  cb?: (err?: Error) => void,
  cbStorePut?: () => void,
  noStore?: boolean,
) => void;

/**
 * Connects with acknowledge-after-handling, without handling one message at a time:
 * mqtt.js would send a QoS 1 PUBACK as soon as `handleMessage` calls back, and read the
 * next packet only then. Here `handleMessage` queues the message and calls back at once,
 * and the PUBACK mqtt.js then sends is parked (its write callback is called, so reading
 * goes on) until the message's batch has been handled; parked PUBACKs go out in arrival
 * order. A batch that never resolves (the source stopping) leaves its messages
 * unacknowledged: the broker re-sends them to the next session with this client id, and
 * dedupe absorbs what was already published. The broker's in-flight window (MQTT 5
 * Receive Maximum = `maxBatch`; Mosquitto's max_inflight_messages for 3.1.1) bounds the
 * unacknowledged messages; QoS 0 messages, which have none, stall reading when the
 * queue holds 4 batches.
 *
 * Reaches into mqtt.js's `_sendPacket` (mqtt 5.16, pinned): the public API has no way to
 * acknowledge later without stopping the read loop. The restart int-spec, which swallows
 * a PUBACK and kills the source, guards the behaviour.
 */
export function connectMqtt(
  url: string,
  options: IClientOptions,
  handler: BatchHandler,
  maxBatch: number,
): MqttClient {
  const properties =
    options.protocolVersion === 5 ? { properties: { ...options.properties, receiveMaximum: maxBatch } } : {};
  const client = connect(url, { ...options, ...properties, manualConnect: true });
  const internals = client as unknown as { _sendPacket: SendPacket };
  const send: SendPacket = internals._sendPacket.bind(client);
  const held = new Set<number>();
  const parked = new Map<number, Packet>();
  internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
    if (packet.cmd === 'puback' && packet.messageId !== undefined && held.has(packet.messageId)) {
      parked.set(packet.messageId, packet);
      cb?.();
      return;
    }
    send(packet, cb, cbStorePut, noStore);
  };
  const queue: ReceivedMessage[] = [];
  const stalled: Array<() => void> = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        await handler(batch);
        for (const m of batch) {
          if (m.messageId === undefined) continue;
          held.delete(m.messageId);
          const puback = parked.get(m.messageId);
          parked.delete(m.messageId);
          if (puback) send(puback);
        }
        while (stalled.length > 0 && queue.length < 4 * maxBatch) stalled.shift()?.();
      }
    } catch {
      // Only when the source stops mid-batch: its PUBACKs stay parked, the broker re-sends later.
      return;
    } finally {
      draining = false;
    }
  };
  client.handleMessage = (packet, callback) => {
    if (packet.qos > 0 && packet.messageId !== undefined) held.add(packet.messageId);
    queue.push({
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      messageId: packet.qos > 0 ? packet.messageId : undefined,
    });
    if (queue.length >= 4 * maxBatch) stalled.push(() => callback());
    else callback();
    void drain();
  };
  client.connect();
  return client;
}
