import { createLogger, type Logger } from '@andon/observability';
import { Kafka, logLevel, type Admin, type IResourceConfigEntry, type RetryOptions } from 'kafkajs';
import { DEFAULT_DLQ_TOPIC } from '../bus-headers';
import { UnknownTopicError } from '../bus-errors';
import type { EventBus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from '../event-bus.port';
import { BusMetrics } from '../processing/bus-metrics';
import { MessageProcessor } from '../processing/message-processor';
import { DEFAULT_MAX_BATCH_SIZE, resolveRetryPolicy } from '../processing/retry-policy';
import { pinoLogCreator } from './kafka-logger';
import { DEFAULT_KAFKA_RETRY, KAFKA_DEFAULTS, type KafkaEventBusOptions } from './kafka-options';
import { KafkaBusProducer } from './kafka-producer';
import { KafkaSubscription } from './kafka-subscription';

const PING_TIMEOUT_MS = 5_000;
const KAFKAJS_LOG_LEVELS = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
} as const;
const TOPIC_READY_TIMEOUT_MS = 30_000;

/** The distributed adapter: kafkajs used directly (no Nest transport), `eachBatch` consumers. */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private adminConnecting: Promise<void> | undefined;
  private readonly producer: KafkaBusProducer;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private readonly knownTopics = new Set<string>();
  private readonly logger: Logger;
  private readonly metrics: BusMetrics;
  private readonly retry: RetryOptions;
  private closed = false;

  constructor(private readonly options: KafkaEventBusOptions) {
    if (options.brokers.length === 0) throw new Error('KafkaEventBus needs at least one broker');
    this.logger = (options.logger ?? createLogger('andon-bus')).child({ component: 'kafka-bus' });
    this.metrics = new BusMetrics(options.metrics);
    this.retry = { ...DEFAULT_KAFKA_RETRY, ...options.retry };
    this.kafka = new Kafka({
      clientId: options.clientId ?? KAFKA_DEFAULTS.clientId,
      brokers: [...options.brokers],
      retry: this.retry,
      logLevel: KAFKAJS_LOG_LEVELS[options.clientLogLevel ?? 'warn'],
      logCreator: pinoLogCreator(this.logger),
    });
    this.admin = this.kafka.admin({ retry: this.retry });
    this.producer = new KafkaBusProducer(this.kafka, {
      idempotent: options.idempotentProducer ?? true,
      lingerMs: options.lingerMs ?? KAFKA_DEFAULTS.lingerMs,
      maxBatchMessages: options.maxBatchMessages ?? KAFKA_DEFAULTS.maxBatchMessages,
      publishTimeoutMs: options.publishTimeoutMs ?? KAFKA_DEFAULTS.publishTimeoutMs,
      retryTimeMs: { initial: this.retry.initialRetryTime ?? 300, max: this.retry.maxRetryTime ?? 5_000 },
      topicExists: (topic) => this.topicExists(topic),
      logger: this.logger,
      metrics: this.metrics,
    });
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          // kafkajs gives up on UNKNOWN_TOPIC_OR_PARTITION while KRaft metadata propagates; we wait ourselves.
          waitForLeaders: false,
          topics: missing.map((s) => ({
            topic: s.name,
            numPartitions: s.partitions,
            replicationFactor: s.replicationFactor ?? -1,
            configEntries: toConfigEntries(s.configEntries),
          })),
        });
      } catch (err) {
        // Another process may have created them between listTopics and createTopics.
        if (!isTopicAlreadyExists(err)) throw err;
      }
      await this.waitForLeaders(
        admin,
        missing.map((s) => s.name),
      );
    }
    for (const spec of specs) {
      this.knownTopics.add(spec.name);
      if (!existing.has(spec.name)) continue;
      const actual = await this.partitionCount(spec.name);
      if (actual !== spec.partitions) {
        this.logger.warn(
          { topic: spec.name, expected: spec.partitions, actual },
          'existing topic has a different partition count; left unchanged',
        );
      }
    }
  }

  async partitionCount(topic: string): Promise<number | null> {
    const admin = await this.connectedAdmin();
    if (!(await admin.listTopics()).includes(topic)) return null;
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length ?? null;
  }

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    return this.producer.publish(messages);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('The event bus is closed');
    if (options.topics.length === 0) throw new Error('subscribe() needs at least one topic');
    for (const topic of options.topics) {
      if (!(await this.topicExists(topic))) throw new UnknownTopicError(topic);
    }
    const dlqTopic = options.dlqTopic ?? DEFAULT_DLQ_TOPIC;
    await this.ensureTopics([{ name: dlqTopic, partitions: 1 }]);
    const processor = new MessageProcessor({
      groupId: options.groupId,
      handler: options.handler,
      batchHandler: options.batchHandler,
      retry: resolveRetryPolicy(options.retry),
      dlqTopic,
      idempotencyStore: options.idempotencyStore,
      publishDeadLetter: (message) => this.producer.publish([message]),
      logger: this.logger,
      metrics: this.metrics,
    });
    const consumer = this.options.consumer ?? {};
    const subscription = new KafkaSubscription(this.kafka, {
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: options.fromBeginning ?? true,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      processor,
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      retry: this.retry,
      sessionTimeoutMs: consumer.sessionTimeoutMs ?? KAFKA_DEFAULTS.sessionTimeoutMs,
      heartbeatIntervalMs: consumer.heartbeatIntervalMs ?? KAFKA_DEFAULTS.heartbeatIntervalMs,
      rebalanceTimeoutMs: consumer.rebalanceTimeoutMs ?? KAFKA_DEFAULTS.rebalanceTimeoutMs,
      maxWaitTimeMs: consumer.maxWaitTimeMs ?? KAFKA_DEFAULTS.maxWaitTimeMs,
      autoCommitIntervalMs: consumer.autoCommitIntervalMs ?? KAFKA_DEFAULTS.autoCommitIntervalMs,
      joinTimeoutMs: this.options.joinTimeoutMs ?? KAFKA_DEFAULTS.joinTimeoutMs,
      logger: this.logger,
      onClosed: (s) => this.subscriptions.delete(s),
    });
    // Registered before it joins, so bus.close() also stops a subscription still starting.
    this.subscriptions.add(subscription);
    await subscription.start();
    return subscription;
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    const probe = (async () => {
      const admin = await this.connectedAdmin();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    })().catch(() => false);
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.producer.close();
    if (this.adminConnecting) await this.admin.disconnect();
  }

  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        const ready =
          metadata.length === topics.length &&
          metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (ready) return;
      } catch (err) {
        lastError = err;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Topics ${topics.join(', ')} have no leaders after ${TOPIC_READY_TIMEOUT_MS} ms`, {
      cause: lastError,
    });
  }

  private async topicExists(topic: string): Promise<boolean> {
    if (this.knownTopics.has(topic)) return true;
    const admin = await this.connectedAdmin();
    const topics = await admin.listTopics();
    for (const t of topics) this.knownTopics.add(t);
    return this.knownTopics.has(topic);
  }

  private connectedAdmin(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('The event bus is closed'));
    this.adminConnecting ??= this.admin.connect().catch((err: unknown) => {
      this.adminConnecting = undefined;
      throw err;
    });
    return this.adminConnecting.then(() => this.admin);
  }
}

function toConfigEntries(entries: TopicSpec['configEntries']): IResourceConfigEntry[] {
  return Object.entries(entries ?? {}).map(([name, value]) => ({ name, value }));
}

function isTopicAlreadyExists(err: unknown): boolean {
  const errors = (err as { errors?: unknown }).errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e) => (e as { type?: unknown }).type === 'TOPIC_ALREADY_EXISTS')
  );
}
