import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { EventBus, OutgoingMessage } from '@andon/bus';
import { ContentTypes, HeaderNames } from '@andon/contracts';
import type { Logger, Metrics } from '@andon/observability';
import type { IngestRejection } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { IngestMetrics } from '../pipeline/ingest-metrics';
import type { IngestInput, IngestPipeline } from '../pipeline/ingest-pipeline';
import type { IngestTopics } from '../pipeline/ingest-topics';
import type { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import type { UnmappedSighting } from '../protocols/protocol-message';
import { opcuaDeadLetter } from './opcua-dead-letter';
import type { OpcuaMaps } from './opcua-maps';
import { OpcuaSessionWorker } from './opcua-session-worker';
import { opcuaPassword, type OpcuaSourceConfig } from './opcua-source.config';
import { OpcuaSourceMetrics } from './opcua-source.metrics';
import { translateAlarmEvent, translateDataChange, unmappedVariables } from './opcua-translate';
import type { AlarmEvent, DataChange, WorkerMessage, WorkerStart } from './opcua-worker-protocol';

export interface OpcuaSourceDeps {
  config: OpcuaSourceConfig;
  bus: EventBus;
  pipeline: IngestPipeline;
  topics: IngestTopics;
  maps: OpcuaMaps;
  unmapped: UnmappedPathsRepository;
  /** Ingest's consumer group; OPC UA dead letters carry `<group>-opcua`. */
  groupId: string;
  log: Logger;
  metrics: Metrics;
  now?: () => Date;
}

type Notification = { received: DataChange | AlarmEvent; at: Date };
export type OpcuaSourceState =
  'stopped' | 'connecting' | 'connected' | 'subscribed' | 'disconnected' | 'reconnecting';

/**
 * The OPC UA source, a read-only mode of ingest (docs/adr/0016): a session worker
 * subscribes to the mapped nodes and event notifiers of one server; each data change or
 * alarm event becomes one plant unit that goes through the same IngestPipeline as the raw
 * topics, MQTT and HTTP (validation, code maps, units, dedupe), or a dead letter with the
 * notification and the reason. Andon never writes to OPC UA (opcua-read-only.spec.ts).
 * In the ingest process Nest starts it at bootstrap (the worker connects and reconnects
 * on its own, so start-up does not wait for the server) and stops it before the bus and
 * store close (opcua-source.providers.ts).
 */
export class OpcuaSource implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: OpcuaSessionWorker | undefined;
  private readonly queue: Notification[] = [];
  private draining: Promise<void> | undefined;
  private state: OpcuaSourceState = 'stopped';
  private readonly stateWaiters: Array<{ state: OpcuaSourceState; resolve: () => void }> = [];
  private readonly failedNodes = new Map<string, string>();
  private readonly metrics: OpcuaSourceMetrics;
  private readonly ingestMetrics: IngestMetrics;
  private readonly now: () => Date;

  constructor(private readonly deps: OpcuaSourceDeps) {
    this.metrics = new OpcuaSourceMetrics(deps.metrics);
    this.ingestMetrics = new IngestMetrics(deps.metrics);
    this.now = deps.now ?? (() => new Date());
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Starts the session worker; it connects (and reconnects) on its own. */
  start(): void {
    const { config, maps } = this.deps;
    if (config.INGEST_OPCUA_URL === undefined)
      throw new Error('OpcuaSource.start: INGEST_OPCUA_URL is not set');
    if (this.worker) return;
    if (maps.isEmpty())
      this.deps.log.warn(
        { server: maps.server },
        'opcua source: no node of this server is in the protocol maps',
      );
    const password = opcuaPassword(config);
    const start: WorkerStart = {
      type: 'start',
      url: config.INGEST_OPCUA_URL,
      securityMode: config.INGEST_OPCUA_SECURITY_MODE,
      securityPolicy: config.INGEST_OPCUA_SECURITY_POLICY,
      pkiDir: resolve(config.INGEST_OPCUA_PKI_DIR),
      ...(config.INGEST_OPCUA_CERT_FILE ? { certificateFile: resolve(config.INGEST_OPCUA_CERT_FILE) } : {}),
      ...(config.INGEST_OPCUA_KEY_FILE ? { privateKeyFile: resolve(config.INGEST_OPCUA_KEY_FILE) } : {}),
      trustUnknownServer: config.INGEST_OPCUA_TRUST_UNKNOWN_SERVER,
      ...(config.INGEST_OPCUA_USERNAME !== undefined ? { username: config.INGEST_OPCUA_USERNAME } : {}),
      ...(password !== undefined ? { password } : {}),
      publishingIntervalMs: config.INGEST_OPCUA_PUBLISHING_INTERVAL_MS,
      samplingIntervalMs: config.INGEST_OPCUA_SAMPLING_INTERVAL_MS,
      queueSize: config.INGEST_OPCUA_QUEUE_SIZE,
      reconnectMinMs: config.INGEST_OPCUA_RECONNECT_MIN_MS,
      reconnectMaxMs: config.INGEST_OPCUA_RECONNECT_MAX_MS,
      dataNodes: [...maps.data.keys()],
      eventNotifiers: [...maps.notifiers.keys()],
      browse: [...maps.browse.keys()],
    };
    this.setState('connecting');
    this.worker = new OpcuaSessionWorker(start, (m) => this.onWorkerMessage(m), this.deps.log);
    this.worker.run();
  }

  /** Closes the session, then finishes the notifications already received. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.stop();
    await this.draining;
    this.setState('stopped');
  }

  isConnected(): boolean {
    return this.state === 'connected' || this.state === 'subscribed';
  }

  currentState(): OpcuaSourceState {
    return this.state;
  }

  /** Mapped nodes the server refused to monitor, with its status code (for health and tests). */
  failedMonitors(): ReadonlyMap<string, string> {
    return this.failedNodes;
  }

  workerPid(): number | undefined {
    return this.worker?.pid();
  }

  /** Resolves when the source next reaches `state` (tests: a reconnect ends in `subscribed`). */
  when(state: OpcuaSourceState): Promise<void> {
    return new Promise((resolve) => this.stateWaiters.push({ state, resolve }));
  }

  /** Resolves once every notification received so far has been handled. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private onWorkerMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'data':
      case 'event':
        this.queue.push({ received: message, at: this.now() });
        this.draining ??= this.drain().finally(() => {
          this.draining = undefined;
        });
        return;
      case 'status':
        this.deps.log.info({ state: message.state, detail: message.detail }, 'opcua source status');
        this.setState(message.state);
        return;
      case 'monitor_failed':
        this.failedNodes.set(message.nodeId, message.status);
        this.metrics.onMonitorFailed();
        this.deps.log.error(
          { nodeId: message.nodeId, status: message.status },
          'opcua source: server refused to monitor a mapped node',
        );
        return;
      case 'browsed':
        void this.recordUnmapped(unmappedVariables(message.object, message.variables, this.deps.maps));
        return;
      case 'error':
        this.deps.log.error({ err: message.message }, 'opcua source: session failed');
        return;
    }
  }

  private setState(state: OpcuaSourceState): void {
    this.state = state;
    this.metrics.onConnected(this.isConnected());
    for (let i = this.stateWaiters.length - 1; i >= 0; i--) {
      const waiter = this.stateWaiters[i];
      if (waiter && waiter.state === state) {
        this.stateWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.deps.config.INGEST_OPCUA_BATCH_SIZE);
      try {
        await this.handleBatch(batch);
      } catch (err) {
        // Infrastructure (bus, store) failed after retries were given up (stopping): put the batch back.
        this.queue.unshift(...batch);
        this.deps.log.error({ err: String(err) }, 'opcua source: batch not handled');
        return;
      }
    }
  }

  /** Every unit of the batch through ONE pipeline batch, every refusal through one DLQ publish. */
  private async handleBatch(batch: readonly Notification[]): Promise<void> {
    const { maps, topics, groupId } = this.deps;
    const inputs: IngestInput[] = [];
    const inputLetters: Array<(rejection: IngestRejection) => OutgoingMessage> = [];
    const refusals: OutgoingMessage[] = [];
    const sightings: UnmappedSighting[] = [];
    for (const { received, at } of batch) {
      const message =
        received.type === 'data' ? translateDataChange(received, maps) : translateAlarmEvent(received, maps);
      this.metrics.onNotification(
        received.type,
        message.units.length + message.refusals.length,
        message.control,
      );
      const node = received.type === 'data' ? received.nodeId : received.notifier;
      const payload = Buffer.from(JSON.stringify(received), 'utf8');
      const id = `opcua/${createHash('sha256').update(payload).digest('hex').slice(0, 24)}`;
      const letter = (
        index: number,
        reason: IngestRejection['rejection'],
        detail: string,
        derived?: Uint8Array,
      ): OutgoingMessage =>
        opcuaDeadLetter({
          dlqTopic: topics.deadLetters,
          groupId: `${groupId}-opcua`,
          server: maps.server,
          node,
          payload,
          reason,
          detail,
          receivedAt: at,
          dlqId: `${id}/${index}`,
          ...(derived ? { derived } : {}),
        });
      message.units.forEach((unit, index) => {
        const value = Buffer.from(JSON.stringify(unit.event), 'utf8');
        inputs.push({
          value,
          headers: {
            [HeaderNames.ContentType]: ContentTypes.Json,
            [IngestHeaders.Origin]: 'opcua',
            [IngestHeaders.ReceivedAt]: at.toISOString(),
          },
          key: unit.key,
          origin: { kind: 'opcua', topic: `${maps.server}/${node}`, messageId: id, index, receivedAt: at },
        });
        inputLetters.push((rejection) => letter(index, rejection.rejection, rejection.detail, value));
      });
      message.refusals.forEach((r, i) => {
        refusals.push(letter(message.units.length + i, r.reason, r.detail));
        this.ingestMetrics.onDeadLetter(r.reason);
        this.ingestMetrics.onOutcome('dead_lettered', 'opcua');
      });
      sightings.push(...message.unmapped);
    }
    if (inputs.length > 0)
      await this.retrying('pipeline', () =>
        this.deps.pipeline.processBatch(inputs, (i, rejection) => {
          const build = inputLetters[i];
          if (!build) throw new Error(`opcua source: no dead letter builder for input ${i}`);
          return build(rejection);
        }),
      );
    if (refusals.length > 0) await this.retrying('dead letters', () => this.deps.bus.publish(refusals));
    await this.recordUnmapped(sightings);
  }

  private async recordUnmapped(sightings: readonly UnmappedSighting[]): Promise<void> {
    const at = this.now();
    for (const sighting of sightings) {
      await this.deps.unmapped
        .record(sighting, at)
        .catch((err: unknown) =>
          this.deps.log.warn(
            { err: String(err), path: sighting.path },
            'opcua source: unmapped path not recorded',
          ),
        );
    }
  }

  /**
   * Retries infrastructure failures (bus, store) with backoff. OPC UA has no
   * acknowledgement to hold back: the notifications wait in memory, and the server's
   * monitored-item queues (INGEST_OPCUA_QUEUE_SIZE) hold what arrives meanwhile.
   */
  private async retrying<T>(what: string, action: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await action();
      } catch (err) {
        if (this.worker === undefined) throw err;
        const delay = Math.min(5_000, 100 * 2 ** Math.min(attempt, 6));
        this.deps.log.warn(
          { err: String(err), attempt, delayMs: delay },
          `opcua source: ${what} failed, retrying`,
        );
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
