import { createLogger, type Logger, type Metrics } from '@andon/observability';
import { DEFAULT_DLQ_TOPIC } from '../bus-headers';
import { UnknownTopicError } from '../bus-errors';
import type { EventBus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from '../event-bus.port';
import { partitionForKey } from '../partitioner/key-partitioner';
import { BusMetrics } from '../processing/bus-metrics';
import { MessageProcessor } from '../processing/message-processor';
import { DEFAULT_MAX_BATCH_SIZE, resolveRetryPolicy } from '../processing/retry-policy';
import { InProcessGroup, type TopicPartition } from './in-process-group';
import { InProcessSubscription } from './in-process-subscription';
import { PartitionLog } from './partition-log';

export interface InProcessEventBusOptions {
  logger?: Logger;
  metrics?: Metrics;
  /** Records kept per partition before the oldest are dropped. Default 100 000. */
  maxRecordsPerPartition?: number;
}

interface TopicState {
  partitions: PartitionLog[];
  nextRoundRobin: number;
}

/**
 * The embedded adapter: topics are partitioned in-memory logs, consumer groups keep
 * committed positions and rebalance on join/leave. Same semantics as the Kafka adapter
 * within one process; nothing survives a restart.
 */
export class InProcessEventBus implements EventBus {
  private readonly topics = new Map<string, TopicState>();
  private readonly groups = new Map<string, InProcessGroup>();
  private readonly subscriptions = new Set<InProcessSubscription>();
  private readonly logger: Logger;
  private readonly metrics: BusMetrics;
  private readonly maxRecords: number;
  private nextMemberId = 1;
  private closed = false;

  constructor(options: InProcessEventBusOptions = {}) {
    this.logger = (options.logger ?? createLogger('andon-bus')).child({ component: 'in-process-bus' });
    this.metrics = new BusMetrics(options.metrics);
    this.maxRecords = options.maxRecordsPerPartition ?? 100_000;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) {
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new RangeError(`Topic "${spec.name}": partitions must be an integer >= 1`);
      }
    }
    for (const spec of specs) {
      if (this.topics.has(spec.name)) continue;
      this.topics.set(spec.name, {
        partitions: Array.from({ length: spec.partitions }, () => new PartitionLog(this.maxRecords)),
        nextRoundRobin: 0,
      });
    }
  }

  async partitionCount(topic: string): Promise<number | null> {
    return this.topics.get(topic)?.partitions.length ?? null;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    // Validate the whole batch first so it is appended entirely or not at all.
    const targets = messages.map((message) => {
      const topic = this.topics.get(message.topic);
      if (!topic) throw new UnknownTopicError(message.topic);
      return { message, topic, partition: this.choosePartition(message, topic) };
    });
    const counts = new Map<string, number>();
    const timestamp = Date.now();
    for (const { message, topic, partition } of targets) {
      topic.partitions[partition].append({
        key: message.key ?? null,
        value: Buffer.from(message.value),
        headers: { ...message.headers },
        timestamp,
      });
      counts.set(message.topic, (counts.get(message.topic) ?? 0) + 1);
    }
    for (const [topic, count] of counts) this.metrics.onPublished(topic, count);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (options.topics.length === 0) throw new Error('subscribe() needs at least one topic');
    for (const topic of options.topics) {
      if (!this.topics.has(topic)) throw new UnknownTopicError(topic);
    }
    const dlqTopic = options.dlqTopic ?? DEFAULT_DLQ_TOPIC;
    await this.ensureTopics([{ name: dlqTopic, partitions: 1 }]);
    const group = this.group(options.groupId);
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
      partitionLog: (tp) => this.partitionLog(tp),
      logger: this.logger,
      onClosed: (s) => {
        this.subscriptions.delete(s);
      },
    });
    this.subscriptions.add(subscription);
    await group.join(subscription);
    return subscription;
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  private group(groupId: string): InProcessGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new InProcessGroup(groupId, (topic) => this.topics.get(topic)?.partitions.length ?? 0);
      this.groups.set(groupId, group);
    }
    return group;
  }

  private partitionLog(tp: TopicPartition): PartitionLog {
    const log = this.topics.get(tp.topic)?.partitions[tp.partition];
    if (!log) throw new UnknownTopicError(tp.topic);
    return log;
  }

  private choosePartition(message: OutgoingMessage, topic: TopicState): number {
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
