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
  settled: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * The bus's one producer: kafkajs `sendBatch` grouped by topic, acks=all.
 *
 * Requests go out strictly one at a time. kafkajs 2.2.4's idempotent producer rolls a
 * partition's sequence number back when a request fails in flight; if another send takes
 * that number before the failed one is retried, the broker treats the new batch as a
 * duplicate of the batch that was in fact written, acknowledges it and drops it (found by
 * the broker-kill test: an acknowledged message missing, another one written twice;
 * tulios/kafkajs#1005 is the same family). One request at a time makes the retry reuse its
 * own sequence number, which is what the broker's dedupe expects. Calls that arrive while a
 * request is in flight (or in the same tick, or within `lingerMs`) share the next request.
 */
export class KafkaBusProducer {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;
  private queue: Pending[] = [];
  private queuedMessages = 0;
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    kafka: Kafka,
    private readonly settings: KafkaProducerSettings,
  ) {
    this.producer = kafka.producer({
      idempotent: settings.idempotent,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: {
        initialRetryTime: settings.retryTimeMs.initial,
        maxRetryTime: settings.retryTimeMs.max,
        // kafkajs warns that capping an idempotent producer's retries can break its sequence
        // numbers; the publish deadline bounds how long a caller waits instead.
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
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { messages, settled: false, resolve, reject };
      const timer = setTimeout(() => {
        // Still queued: it never reaches the broker. In flight: it may still be written.
        this.dequeue(pending);
        settle(pending, new PublishTimeoutError(this.settings.publishTimeoutMs));
      }, this.settings.publishTimeoutMs);
      pending.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      pending.reject = (err) => {
        clearTimeout(timer);
        reject(err);
      };
      this.queue.push(pending);
      this.queuedMessages += messages.length;
      this.draining ??= this.drain();
    });
  }

  /** Sends what is queued (bounded by the publish deadline), then disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.draining) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.settings.publishTimeoutMs);
      });
      await Promise.race([this.draining, deadline]);
      clearTimeout(timer);
    }
    for (const pending of this.queue.splice(0))
      settle(pending, new Error('The event bus closed before this publish was sent'));
    if (this.connecting) await this.producer.disconnect();
  }

  private async drain(): Promise<void> {
    try {
      // Calls made in the same tick share one request; lingering widens that window.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.settings.lingerMs > 0 && this.queuedMessages < this.settings.maxBatchMessages) {
        await new Promise<void>((resolve) => setTimeout(resolve, this.settings.lingerMs));
      }
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.send(batch.flatMap((p) => p.messages));
          for (const p of batch) settle(p);
        } catch (err) {
          for (const p of batch) settle(p, err);
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Whole publish calls, up to maxBatchMessages (at least one call). */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (batch.length > 0 && count + next.messages.length > this.settings.maxBatchMessages) break;
      this.queue.shift();
      this.queuedMessages -= next.messages.length;
      count += next.messages.length;
      batch.push(next);
    }
    return batch;
  }

  private dequeue(pending: Pending): void {
    const index = this.queue.indexOf(pending);
    if (index < 0) return;
    this.queue.splice(index, 1);
    this.queuedMessages -= pending.messages.length;
  }

  /**
   * One produce request per chunk of at most MAX_REQUEST_BYTES, in order, one at a time: a
   * partition's record batch larger than the broker's `message.max.bytes` (1 MiB by
   * default) is refused whole (seen with 2 000 plant events of one line in one publish),
   * so a large publish is split rather than failed. A failure after an earlier chunk went
   * in rejects the publish; the port already says a rejected publish may be partly written.
   */
  private async send(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.connect();
    for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES)) {
      const byTopic = new Map<string, Message[]>();
      for (const m of chunk) {
        const list = byTopic.get(m.topic) ?? [];
        list.push(toKafkaMessage(m));
        byTopic.set(m.topic, list);
      }
      const topicMessages: TopicMessages[] = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
      this.settings.metrics.onProduceRequest();
      await this.producer.sendBatch({ topicMessages, acks: -1 });
      for (const { topic, messages: list } of topicMessages)
        this.settings.metrics.onPublished(topic, list.length);
    }
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

/** Half the broker's default `message.max.bytes`, leaving room for record and batch overhead. */
export const MAX_REQUEST_BYTES = 512 * 1024;

/** Consecutive runs of messages whose estimated encoded size stays under `maxBytes` (one message at least). */
export function chunkBySize(messages: readonly OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = estimatedSize(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function estimatedSize(m: OutgoingMessage): number {
  let size = 64 + m.value.byteLength + Buffer.byteLength(m.key ?? '');
  for (const [name, value] of Object.entries(m.headers ?? {}))
    size += 8 + Buffer.byteLength(name) + Buffer.byteLength(value);
  return size;
}

function settle(pending: Pending, err?: unknown): void {
  if (pending.settled) return;
  pending.settled = true;
  if (err === undefined) pending.resolve();
  else pending.reject(err);
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
