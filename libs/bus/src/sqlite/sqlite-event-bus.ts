import { createLogger, type Logger, type Metrics } from '@andon/observability';
import { DEFAULT_DLQ_TOPIC } from '../bus-headers';
import { UnknownTopicError } from '../bus-errors';
import type { EventBus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from '../event-bus.port';
import { InProcessGroup, type TopicPartition } from '../in-process/in-process-group';
import { InProcessSubscription } from '../in-process/in-process-subscription';
import { partitionForKey } from '../partitioner/key-partitioner';
import { BusMetrics } from '../processing/bus-metrics';
import { MessageProcessor } from '../processing/message-processor';
import { DEFAULT_MAX_BATCH_SIZE, resolveRetryPolicy } from '../processing/retry-policy';
import { SqliteLog, type AppendRecord, type SqliteTopic, type Synchronous } from './sqlite-log';
import type { SqlitePartition } from './sqlite-partition';
import {
  DEFAULT_RETENTION_HOLD,
  SqliteRetention,
  type RetentionHold,
  type RetentionLoss,
} from './sqlite-retention';

export interface SqliteEventBusOptions {
  /** The log file, e.g. `.andon-data/bus.sqlite`; its directory must exist. */
  file: string;
  logger?: Logger;
  metrics?: Metrics;
  /** `normal` (default) survives a process crash; `full` also survives power loss (fsync per commit). */
  synchronous?: Synchronous;
  /** Longest a consumer's committed position waits to be written. Default 100 ms. */
  commitIntervalMs?: number;
  /** Time between retention passes. Default 60 s; 0 disables the timer (call `runRetention()`). */
  retentionIntervalMs?: number;
  /** How far retention may run past a lagging group before it deletes and records the loss. */
  retentionHold?: Partial<RetentionHold>;
  /** A group without members that has not committed for this long is forgotten (Kafka: offsets.retention.minutes). Default 7 days. */
  groupExpiryMs?: number;
}

/** Committed position and end of one partition for one group. */
export interface GroupLag {
  groupId: string;
  topic: string;
  partition: number;
  committed: number;
  end: number;
  lag: number;
}

/**
 * The durable embedded adapter: topics are partitioned append-only logs in one SQLite file
 * (WAL), publishes resolve after their group commit, consumer groups persist their
 * positions and resume from them after a restart. Groups, rebalances, retries, dead
 * letters and batch handlers are the in-process bus's (shared code), so the semantics are
 * the same; what this adds is durability. One process owns the file.
 */
export class SqliteEventBus implements EventBus {
  private readonly log: SqliteLog;
  private readonly retention: SqliteRetention;
  private readonly groups = new Map<string, InProcessGroup>();
  private readonly subscriptions = new Set<InProcessSubscription>();
  private readonly logger: Logger;
  private readonly metrics: BusMetrics;
  private readonly retentionTimer: NodeJS.Timeout | undefined;
  private nextMemberId = 1;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(readonly options: SqliteEventBusOptions) {
    this.logger = (options.logger ?? createLogger('andon-bus')).child({ component: 'sqlite-bus' });
    this.metrics = new BusMetrics(options.metrics);
    this.log = new SqliteLog({
      file: options.file,
      synchronous: options.synchronous ?? 'normal',
      commitIntervalMs: options.commitIntervalMs ?? 100,
      logger: this.logger,
    });
    this.retention = new SqliteRetention(
      this.log,
      { ...DEFAULT_RETENTION_HOLD, ...options.retentionHold },
      this.logger,
      options.metrics,
    );
    const interval = options.retentionIntervalMs ?? 60_000;
    if (interval > 0) {
      this.retentionTimer = setInterval(
        () =>
          void this.runRetention().catch((err: unknown) =>
            this.logger.error({ err }, 'retention pass failed'),
          ),
        interval,
      );
      this.retentionTimer.unref();
    }
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    for (const spec of specs) {
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new RangeError(`Topic "${spec.name}": partitions must be an integer >= 1`);
      }
    }
    for (const { spec, existing } of await this.log.createTopicsRetrying(specs)) {
      this.logger.warn(
        { topic: spec.name, partitions: existing.partitions.length, requested: spec.partitions },
        'topic exists with another partition count; left as it is',
      );
    }
  }

  async partitionCount(topic: string): Promise<number | null> {
    return this.log.topics.get(topic)?.partitions.length ?? null;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    // Validated whole first, so a publish is appended entirely (one transaction) or not at all.
    const timestamp = Date.now();
    const records: AppendRecord[] = messages.map((message) => {
      const topic = this.log.topics.get(message.topic);
      if (!topic) throw new UnknownTopicError(message.topic);
      const headerMap = { ...message.headers };
      return {
        partition: topic.partitions[this.choosePartition(message, topic)],
        key: message.key ?? null,
        value: Buffer.from(message.value),
        headers: JSON.stringify(headerMap),
        headerMap,
        timestamp,
      };
    });
    if (records.length === 0) return;
    await this.log.append(records);
    const counts = new Map<string, number>();
    for (const m of messages) counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1);
    this.metrics.onProduceRequest();
    for (const [topic, count] of counts) this.metrics.onPublished(topic, count);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (options.topics.length === 0) throw new Error('subscribe() needs at least one topic');
    for (const topic of options.topics) {
      if (!this.log.topics.has(topic)) throw new UnknownTopicError(topic);
    }
    const dlqTopic = options.dlqTopic ?? DEFAULT_DLQ_TOPIC;
    // Created with 1 partition when missing; an existing DLQ (the catalogue's has 3) is used as it is.
    if (!this.log.topics.has(dlqTopic)) await this.ensureTopics([{ name: dlqTopic, partitions: 1 }]);
    const group = this.group(options.groupId);
    // A group that starts at the end by choice (fromBeginning: false, e.g. the console's
    // per-process live stream) does not hold retention and is not owed the records it skips.
    this.log.db
      .prepare(
        `INSERT INTO bus_groups (group_id, holds_retention, created_at) VALUES (?, ?, ?) ON CONFLICT (group_id) DO NOTHING`,
      )
      .run(options.groupId, options.fromBeginning === false ? 0 : 1, Date.now());
    const processor = new MessageProcessor({
      groupId: options.groupId,
      handler: options.handler,
      batchHandler: options.batchHandler,
      retry: resolveRetryPolicy(options.retry),
      dlqTopic,
      idempotencyStore: options.idempotencyStore,
      publishDeadLetter: (message) => this.publish([message]),
      logger: this.logger,
      metrics: this.metrics,
    });
    const subscription = new InProcessSubscription({
      memberId: this.nextMemberId++,
      group,
      topics: [...options.topics],
      processor,
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      fromBeginning: options.fromBeginning ?? true,
      concurrency: options.partitionsConsumedConcurrently ?? 1,
      partitionLog: (tp) => this.partition(tp),
      logger: this.logger,
      onClosed: async (s) => {
        this.subscriptions.delete(s);
        // Closing commits: the positions this member reached are on disk when close() resolves.
        if (this.log.db.open) await this.log.flush();
      },
    });
    this.subscriptions.add(subscription);
    await group.join(subscription);
    // The start positions a new group just took are durable before subscribe() resolves.
    await this.log.flush();
    return subscription;
  }

  async ping(): Promise<boolean> {
    if (this.closed || !this.log.db.open) return false;
    try {
      return this.log.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  /** Applies retention now (the timer calls this too). */
  async runRetention(now = Date.now()): Promise<void> {
    if (this.closed) return;
    await this.log.flush();
    const active = new Set([...this.groups].filter(([, g]) => g.size > 0).map(([id]) => id));
    this.retention.expireGroups(now, this.options.groupExpiryMs ?? 7 * 24 * 60 * 60 * 1000, active);
    this.retention.run(now);
  }

  /** Every loss retention has recorded, oldest first (kept until the file is deleted). */
  retentionLosses(): RetentionLoss[] {
    return this.retention.losses();
  }

  /** Committed positions and lag of every group on every partition it has consumed. */
  groupLag(): GroupLag[] {
    const rows = this.log.db
      .prepare(
        `SELECT group_id AS groupId, topic_id AS topicId, partition, next_offset AS committed FROM bus_group_offsets ORDER BY group_id, topic_id, partition`,
      )
      .all() as Array<{ groupId: string; topicId: number; partition: number; committed: number }>;
    return rows.flatMap((r) => {
      const topic = this.log.topicById(r.topicId);
      const part = topic?.partitions[r.partition];
      if (!topic || !part) return [];
      const committed =
        this.groups.get(r.groupId)?.position({ topic: topic.name, partition: r.partition }) ?? r.committed;
      return [
        {
          groupId: r.groupId,
          topic: topic.name,
          partition: r.partition,
          committed,
          end: part.endOffset,
          lag: Math.max(0, part.endOffset - committed),
        },
      ];
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    try {
      await this.log.flush();
    } finally {
      await this.log.close();
    }
  }

  private group(groupId: string): InProcessGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new InProcessGroup(
        groupId,
        (topic) => this.log.topics.get(topic)?.partitions.length ?? 0,
        this.log,
      );
      this.groups.set(groupId, group);
    }
    return group;
  }

  private partition(tp: TopicPartition): SqlitePartition {
    const partition = this.log.topics.get(tp.topic)?.partitions[tp.partition];
    if (!partition) throw new UnknownTopicError(tp.topic);
    return partition;
  }

  private choosePartition(message: OutgoingMessage, topic: SqliteTopic): number {
    const count = topic.partitions.length;
    if (message.partition !== undefined) {
      if (!Number.isInteger(message.partition) || message.partition < 0 || message.partition >= count) {
        throw new RangeError(`Topic "${message.topic}" has no partition ${message.partition}`);
      }
      return message.partition;
    }
    if (message.key !== undefined && message.key !== null) return partitionForKey(message.key, count);
    const partition = topic.nextRoundRobin % count;
    topic.nextRoundRobin += 1;
    return partition;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event bus is closed');
  }
}
