import type { Logger } from '@andon/observability';
import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { PublishTimeoutError, UnknownTopicError } from '../bus-errors';
import type { OutgoingMessage } from '../event-bus.port';
import type { BusMetrics } from '../processing/bus-metrics';
import { DEFAULT_KAFKA_RETRY } from './kafka-options';

export interface KafkaProducerSettings {
  idempotent: boolean;
  lingerMs: number;
  maxBatchMessages: number;
  publishTimeoutMs: number;
  retryTimeMs: { initial: number; max: number };
  /** Whether the topic exists on the cluster (asked once per topic, cached when true). */
  topicExists(topic: string): Promise<boolean>;
  logger: Logger;
  metrics: BusMetrics;
}

interface Pending {
  messages: readonly OutgoingMessage[];
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * The bus's one producer: kafkajs `sendBatch` grouped by topic with acks=all. With
 * `lingerMs` > 0, concurrent publish() calls are coalesced into one request; each call
 * resolves when the request that carried its messages is acknowledged.
 */
export class KafkaBusProducer {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;
  private pending: Pending[] = [];
  private pendingCount = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    kafka: Kafka,
    private readonly settings: KafkaProducerSettings,
  ) {
    this.producer = kafka.producer({
      idempotent: settings.idempotent,
      // Idempotence needs one request in flight; without it, one in flight still keeps key order across retries.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: {
        initialRetryTime: settings.retryTimeMs.initial,
        maxRetryTime: settings.retryTimeMs.max,
        // kafkajs warns that capping an idempotent producer's retries can break its sequence
        // numbers; the publish deadline below bounds how long a caller waits instead.
        retries: settings.idempotent ? Number.MAX_SAFE_INTEGER : DEFAULT_KAFKA_RETRY.retries,
      },
    });
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('The event bus is closed');
    if (messages.length === 0) return;
    for (const topic of new Set(messages.map((m) => m.topic))) {
      if (!(await this.settings.topicExists(topic))) throw new UnknownTopicError(topic);
    }
    if (this.settings.lingerMs <= 0 || messages.length >= this.settings.maxBatchMessages) {
      return this.sendWithDeadline(messages);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ messages, resolve, reject });
      this.pendingCount += messages.length;
      if (this.pendingCount >= this.settings.maxBatchMessages) this.flush();
      else this.lingerTimer ??= setTimeout(() => this.flush(), this.settings.lingerMs);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    // Lingering and in-flight publishes finish (or fail) before the connection goes away.
    await Promise.allSettled([...this.inFlight]);
    if (this.connecting) await this.producer.disconnect();
  }

  private flush(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    if (batch.length === 0) return;
    this.sendWithDeadline(batch.flatMap((p) => p.messages)).then(
      () => batch.forEach((p) => p.resolve()),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  }

  private async sendWithDeadline(messages: readonly OutgoingMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishTimeoutError(this.settings.publishTimeoutMs)), this.settings.publishTimeoutMs);
    });
    const sending = this.send(messages);
    this.inFlight.add(sending);
    try {
      await Promise.race([sending, deadline]);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(sending);
      // A send that outlived its deadline still settles later; nobody awaits it any more.
      sending.catch(() => undefined);
    }
  }

  private async send(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push(toKafkaMessage(m));
      byTopic.set(m.topic, list);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
    this.settings.metrics.onProduceRequest();
    await this.producer.sendBatch({ topicMessages, acks: -1 });
    for (const { topic, messages: list } of topicMessages) this.settings.metrics.onPublished(topic, list.length);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((err: unknown) => {
      // Let the next publish try again instead of caching the failure.
      this.connecting = undefined;
      this.settings.logger.warn({ err }, 'producer connect failed');
      throw err;
    });
    return this.connecting;
  }
}

function toKafkaMessage(m: OutgoingMessage): Message {
  const message: Message = {
    key: m.key ?? null,
    value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength),
    headers: { ...m.headers },
  };
  if (m.partition !== undefined) message.partition = m.partition;
  return message;
}
