import { createHash } from 'node:crypto';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import type { EventBus, OutgoingMessage } from '@andon/bus';
import { ContentTypes, HeaderNames } from '@andon/contracts';
import type { Logger, Metrics } from '@andon/observability';
import type { IngestRejection } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { IngestMetrics } from '../pipeline/ingest-metrics';
import type { IngestInput, IngestPipeline } from '../pipeline/ingest-pipeline';
import type { IngestTopics } from '../pipeline/ingest-topics';
import { translateB2mml } from '../protocols/b2mml/b2mml-translate';
import type { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import type { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import type { ProtocolMessage } from '../protocols/protocol-message';
import { encodeRebirthRequest } from '../protocols/sparkplug/sparkplug-codec';
import type { SparkplugBirthsRepository } from '../protocols/sparkplug/sparkplug-births.repository';
import { SparkplugSessions } from '../protocols/sparkplug/sparkplug-sessions';
import { translateSparkplug } from '../protocols/sparkplug/sparkplug-translate';
import {
  SPARKPLUG_NAMESPACE,
  ncmdTopic,
  parseSparkplugTopic,
  stateTopic,
} from '../protocols/sparkplug/sparkplug-topic';
import { translateUns } from '../protocols/uns/uns-translate';
import { connectMqtt, mqttClientOptions, statePayload, type ReceivedMessage } from './mqtt-client';
import { SPARKPLUG_CONTENT_TYPE, mqttDeadLetter } from './mqtt-dead-letter';
import type { MqttSourceConfig } from './mqtt-source.config';
import { MqttSourceMetrics, type MessageKind } from './mqtt-source.metrics';

export interface MqttSourceDeps {
  config: MqttSourceConfig;
  bus: EventBus;
  pipeline: IngestPipeline;
  topics: IngestTopics;
  maps: ProtocolMaps;
  unmapped: UnmappedPathsRepository;
  births: SparkplugBirthsRepository;
  /** Ingest's consumer group; MQTT dead letters carry `<group>-mqtt`. */
  groupId: string;
  log: Logger;
  metrics: Metrics;
  now?: () => Date;
}

class Stopping extends Error {}

/**
 * The MQTT source, a mode of ingest (docs/adr/0016): subscribes to the plant's broker
 * with a persistent QoS 1 session, turns each message into plant units (Sparkplug B,
 * UNS JSON, B2MML JSON, one folder per protocol under protocols/) and hands them to the
 * same IngestPipeline as the raw topics and HTTP. Refused parts are dead-lettered with
 * the message's original bytes. The message is acknowledged to the broker only after
 * that, so a restart loses nothing. It publishes to the plant only Sparkplug NCMD
 * Rebirth requests and its own STATE. In the ingest process Nest connects it at
 * bootstrap (after the consumers, whose module it imports) and disconnects it before the
 * bus and store close (mqtt-source.providers.ts).
 */
export class MqttSource implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private client: MqttClient | undefined;
  private stopping = false;
  private readonly sessions = new SparkplugSessions();
  private readonly rebirthAskedAt = new Map<string, number>();
  private readonly metrics: MqttSourceMetrics;
  private readonly ingestMetrics: IngestMetrics;
  private readonly now: () => Date;
  private readonly stateTimestamp: number;
  private connected: Promise<void> | undefined;

  constructor(private readonly deps: MqttSourceDeps) {
    this.metrics = new MqttSourceMetrics(deps.metrics);
    this.ingestMetrics = new IngestMetrics(deps.metrics);
    this.now = deps.now ?? (() => new Date());
    this.stateTimestamp = this.now().getTime();
  }

  /** The topic filters: every Sparkplug message, each mapped prefix, and the configured extras. */
  filters(): string[] {
    const prefixes = this.deps.maps.files.flatMap((f) => [
      ...f.uns.map((u) => u.topic),
      ...(f.b2mml ? [f.b2mml.topic] : []),
    ]);
    return [
      ...new Set([
        `${SPARKPLUG_NAMESPACE}/#`,
        ...prefixes.map((p) => `${p}/#`),
        ...this.deps.config.INGEST_MQTT_TOPICS,
      ]),
    ];
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Connects, announces the host as online (STATE) and subscribes; resolves on the first CONNACK. */
  async start(): Promise<void> {
    const url = this.deps.config.INGEST_MQTT_URL;
    if (url === undefined) throw new Error('MqttSource.start: INGEST_MQTT_URL is not set');
    if (this.client) return this.connected;
    this.stopping = false;
    this.sessions.restore(await this.deps.births.all(), await this.deps.births.positions());
    const client = connectMqtt(
      url,
      mqttClientOptions(this.deps.config, this.stateTimestamp),
      (batch) => this.handleBatch(batch),
      this.deps.config.INGEST_MQTT_BATCH_SIZE,
    );
    this.client = client;
    client.on('error', (err) => this.deps.log.warn({ err: err.message }, 'mqtt source: client error'));
    client.on('connect', (connack) => {
      this.metrics.onConnected(true);
      this.deps.log.info(
        { url: redact(url), sessionPresent: connack.sessionPresent },
        'mqtt source connected',
      );
      void this.announceAndSubscribe(client);
    });
    client.on('close', () => this.metrics.onConnected(false));
    this.connected = new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', (err) => reject(err));
    });
    try {
      await this.connected;
    } catch (err) {
      // Refused (credentials, certificate) or unreachable: do not leave a client reconnecting behind.
      this.client = client;
      await this.stop({ force: true });
      throw err;
    }
  }

  /**
   * Graceful: STATE offline, then DISCONNECT after the message in hand is acknowledged.
   * `force` drops the connection at once (a crash, as the restart test does): the message
   * in hand stays unacknowledged and the broker re-sends it to the next session.
   */
  async stop(options: { force?: boolean } = {}): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.connected = undefined;
    if (!client) return;
    this.stopping = true;
    if (!options.force && client.connected) {
      await client
        .publishAsync(
          stateTopic(this.deps.config.INGEST_MQTT_HOST_ID),
          statePayload(false, this.stateTimestamp),
          { qos: 1, retain: true },
        )
        .catch(() => undefined);
    }
    // No reconnect from here on, also not one already scheduled by a connection error.
    client.options.reconnectPeriod = 0;
    await client.endAsync(options.force === true);
  }

  isConnected(): boolean {
    return this.client?.connected === true;
  }

  /** Edge nodes' sessions as this host sees them (for health and tests). */
  sparkplugNodes(): ReturnType<SparkplugSessions['snapshot']> {
    return this.sessions.snapshot();
  }

  /** One message (tests and callers without a broker): the batch path with a batch of one. */
  async handle(topic: string, payload: Buffer, messageId: number | undefined): Promise<void> {
    await this.handleBatch([{ topic, payload, messageId }]);
  }

  /**
   * Consecutive messages, in arrival order: each is translated (Sparkplug sessions and
   * births in order), then every unit of every message goes through ONE pipeline batch
   * (one publish, then the dedupe marks) and every refusal through one DLQ publish, both
   * retried on infrastructure failure. Only when this resolves are the messages' PUBACKs
   * released, in order (mqtt-client.ts).
   */
  async handleBatch(messages: readonly ReceivedMessage[]): Promise<void> {
    const inputs: IngestInput[] = [];
    const inputLetters: Array<(rejection: IngestRejection) => OutgoingMessage> = [];
    const refusalLetters: OutgoingMessage[] = [];
    const refusalKinds: Array<{ reason: IngestRejection['rejection']; kind: MessageKind }> = [];
    const bookkeeping: Array<() => Promise<void>> = [];
    const sparkplugNodes = new Map<string, { group: string; node: string }>();
    for (const { topic, payload, messageId } of messages) {
      const receivedAt = this.now();
      const { message, kind } = this.translate(topic, payload, receivedAt);
      this.metrics.onMessage(kind, message);
      const spb = kind === 'sparkplug' ? parseSparkplugTopic(topic) : undefined;
      if (spb?.kind === 'message') sparkplugNodes.set(`${spb.group}/${spb.node}`, spb);
      if (message.session) {
        const { group, node } = message.session;
        const births = this.sessions.exportNode(group, node);
        await this.retrying('sparkplug births', () =>
          births ? this.deps.births.save(births, receivedAt) : this.deps.births.remove(`${group}/${node}`),
        );
      }
      const contentType = kind === 'sparkplug' ? SPARKPLUG_CONTENT_TYPE : ContentTypes.Json;
      // Stable across a broker re-send: a re-sent refused message's dead letters carry the same ids.
      const id = `mqtt/${createHash('sha256').update(topic).update('\u0000').update(payload).digest('hex').slice(0, 24)}`;
      const letter = (
        index: number,
        unit: string,
        reason: IngestRejection['rejection'],
        detail: string,
        derived?: Uint8Array,
      ): OutgoingMessage =>
        mqttDeadLetter({
          dlqTopic: this.deps.topics.deadLetters,
          groupId: `${this.deps.groupId}-mqtt`,
          topic,
          payload,
          contentType,
          unit,
          reason,
          detail,
          receivedAt,
          dlqId: `${id}/${index}`,
          ...(derived ? { derived } : {}),
        });
      message.units.forEach((unit, index) => {
        const value = Buffer.from(JSON.stringify(unit.event), 'utf8');
        inputs.push({
          value,
          headers: {
            [HeaderNames.ContentType]: ContentTypes.Json,
            [IngestHeaders.Origin]: 'mqtt',
            [IngestHeaders.ReceivedAt]: receivedAt.toISOString(),
          },
          key: unit.key,
          origin: { kind: 'mqtt', topic, messageId: String(messageId ?? 0), index, receivedAt },
        });
        inputLetters.push((rejection) =>
          letter(index, unit.label, rejection.rejection, rejection.detail, value),
        );
      });
      message.refusals.forEach((r, i) => {
        refusalLetters.push(letter(message.units.length + i, r.label, r.reason, r.detail));
        refusalKinds.push({ reason: r.reason, kind });
      });
      for (const sighting of message.unmapped) {
        bookkeeping.push(() =>
          this.deps.unmapped
            .record(sighting, receivedAt)
            .catch((err: unknown) =>
              this.deps.log.warn(
                { err: String(err), path: sighting.path },
                'mqtt source: unmapped path not recorded',
              ),
            ),
        );
      }
      const rebirth = message.rebirth;
      if (rebirth) bookkeeping.push(() => this.requestRebirth(rebirth.group, rebirth.node));
    }
    if (inputs.length > 0) {
      await this.retrying('pipeline', () =>
        this.deps.pipeline.processBatch(inputs, (i, rejection) => {
          const build = inputLetters[i];
          if (!build) throw new Error(`mqtt source: no dead letter builder for input ${i}`);
          return build(rejection);
        }),
      );
    }
    if (refusalLetters.length > 0) {
      await this.retrying('dead letters', () => this.deps.bus.publish(refusalLetters));
      for (const { reason, kind } of refusalKinds) {
        this.ingestMetrics.onDeadLetter(reason);
        this.ingestMetrics.onOutcome('dead_lettered', kind);
      }
    }
    // Where each node's sequence stands, saved before the batch is acknowledged: a restart
    // then detects a gap across it (the next message must follow this one).
    const positions = [...sparkplugNodes.values()].flatMap(
      ({ group, node }) => this.sessions.position(group, node) ?? [],
    );
    if (positions.length > 0)
      await this.retrying('sparkplug sequences', () => this.deps.births.savePositions(positions, this.now()));
    for (const step of bookkeeping) await step();
  }

  private translate(
    topic: string,
    payload: Buffer,
    receivedAt: Date,
  ): { message: ProtocolMessage; kind: MessageKind } {
    if (topic.startsWith(`${SPARKPLUG_NAMESPACE}/`))
      return {
        message: translateSparkplug(topic, payload, this.deps.maps, this.sessions),
        kind: 'sparkplug',
      };
    if (this.deps.maps.b2mmlSite(topic))
      return { message: translateB2mml(topic, payload, this.deps.maps, receivedAt), kind: 'b2mml' };
    return { message: translateUns(topic, payload, this.deps.maps), kind: 'uns' };
  }

  /** NCMD `Node Control/Rebirth`, at most once per node per interval; the only command Andon sends. */
  private async requestRebirth(group: string, node: string): Promise<void> {
    const key = `${group}/${node}`;
    const at = this.now().getTime();
    const last = this.rebirthAskedAt.get(key);
    if (last !== undefined && at - last < this.deps.config.INGEST_MQTT_REBIRTH_INTERVAL_MS) return;
    this.rebirthAskedAt.set(key, at);
    this.metrics.onRebirthRequest();
    this.deps.log.info({ group, node }, 'mqtt source: sequence broken or birth missing, requesting rebirth');
    // Not awaited: the PUBACK of our own publish must not wait behind the message we are handling.
    this.client?.publish(ncmdTopic(group, node), Buffer.from(encodeRebirthRequest(this.now())), { qos: 0 });
  }

  private async announceAndSubscribe(client: MqttClient): Promise<void> {
    try {
      await client.publishAsync(
        stateTopic(this.deps.config.INGEST_MQTT_HOST_ID),
        statePayload(true, this.stateTimestamp),
        { qos: 1, retain: true },
      );
      const granted = await client.subscribeAsync(
        Object.fromEntries(this.filters().map((f) => [f, { qos: 1 as const }])),
      );
      // SUBACK 0x80 (128) is a refusal; a grant of QoS 0 would silently lose the persistent session's guarantee.
      const refused = granted.filter((g) => g.qos !== 1);
      if (refused.length > 0)
        this.deps.log.error(
          { refused: refused.map((g) => g.topic) },
          'mqtt source: broker refused subscriptions',
        );
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'mqtt source: STATE/subscribe failed (retried on reconnect)');
    }
  }

  /** Retries infrastructure failures (bus, store) until they pass or the source stops; the message stays unacknowledged meanwhile. */
  private async retrying<T>(what: string, action: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopping) throw new Stopping(`stopping during ${what}`);
      try {
        return await action();
      } catch (err) {
        if (this.stopping) throw new Stopping(`stopping during ${what}`);
        const delay = Math.min(5_000, 100 * 2 ** Math.min(attempt, 6));
        this.deps.log.warn(
          { err: String(err), attempt, delayMs: delay },
          `mqtt source: ${what} failed, retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
