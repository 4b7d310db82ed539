import type { Logger } from '@andon/observability';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, RetryOptions } from 'kafkajs';
import type { MessageHeaders, Subscription } from '../event-bus.port';
import type { InboundRecord } from '../processing/inbound-record';
import type { MessageProcessor } from '../processing/message-processor';

export interface KafkaSubscriptionSettings {
  groupId: string;
  topics: readonly string[];
  fromBeginning: boolean;
  partitionsConsumedConcurrently: number;
  processor: MessageProcessor;
  maxBatchSize: number;
  retry: RetryOptions;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  maxWaitTimeMs: number;
  autoCommitIntervalMs: number;
  joinTimeoutMs: number;
  logger: Logger;
  onClosed(subscription: KafkaSubscription): void;
}

/**
 * One consumer-group member on kafkajs `eachBatch`. Each record's offset is resolved
 * only after its handler succeeded (or it was dead-lettered), so a commit (periodic,
 * after each batch, on rebalance and on close) never covers an unprocessed record.
 */
export class KafkaSubscription implements Subscription {
  readonly groupId: string;
  readonly topics: readonly string[];
  private readonly consumer: Consumer;
  private readonly closing = new AbortController();
  private closed: Promise<void> | undefined;
  private stopWaitingForJoin: ((reason: Error) => void) | undefined;
  private readonly log: Logger;

  constructor(
    kafka: Kafka,
    private readonly settings: KafkaSubscriptionSettings,
  ) {
    this.groupId = settings.groupId;
    this.topics = [...settings.topics];
    this.log = settings.logger.child({ group: settings.groupId, topics: this.topics });
    this.consumer = kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      // kafkajs schedules a crash restart after its own disconnect; one scheduled while we
      // close would bring a consumer back to life after close() resolved.
      retry: { ...settings.retry, restartOnFailure: async () => !this.closing.signal.aborted },
    });
  }

  /** Joins the group; on failure the consumer is disconnected and the error rethrown. */
  async start(): Promise<void> {
    try {
      await this.run();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      // Aborting first cuts retry backoffs short; disconnect() then waits for the batch in hand.
      this.closing.abort();
      this.stopWaitingForJoin?.(new Error(`Subscription of group "${this.groupId}" closed while starting`));
      try {
        await this.consumer.disconnect();
      } finally {
        this.settings.onClosed(this);
      }
    })();
    return this.closed;
  }

  private async run(): Promise<void> {
    const { consumer } = this;
    const ready = this.whenReady();
    // Awaited below; marked handled so a failure before that point is not reported twice.
    ready.catch(() => undefined);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.log.info(
        { memberId: payload.memberId, assignment: payload.memberAssignment },
        'joined consumer group',
      );
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.log.info('consumer group rebalancing');
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) this.log.warn({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
      else this.log.error({ err: payload.error }, 'consumer crashed and will not restart');
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: this.settings.fromBeginning });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: this.settings.autoCommitIntervalMs,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    await ready;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const control = { signal: this.closing.signal, heartbeat };
    this.log.debug(
      {
        partition: batch.partition,
        firstOffset: batch.firstOffset(),
        lastOffset: batch.lastOffset(),
        size: batch.messages.length,
      },
      'batch received',
    );
    if (this.settings.processor.batched) {
      const { maxBatchSize } = this.settings;
      for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
        if (!isRunning() || isStale()) break;
        const chunk = batch.messages.slice(start, start + maxBatchSize);
        const records = chunk.map((m) => toRecord(batch.topic, batch.partition, m));
        const done = await this.settings.processor.processBatch(records, control);
        if (done > 0) resolveOffset(chunk[done - 1].offset);
        if (done < chunk.length) break;
        await heartbeat();
        await commitOffsetsIfNecessary();
      }
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const outcome = await this.settings.processor.process(
        toRecord(batch.topic, batch.partition, message),
        control,
      );
      if (outcome === 'aborted') break;
      resolveOffset(message.offset);
      // Both are throttled by kafkajs (heartbeat interval, auto-commit interval), so cheap per message.
      await heartbeat();
      await commitOffsetsIfNecessary();
    }
  }

  /**
   * Resolves after the member has joined and completed a fetch, which is when kafkajs has
   * fixed its start offsets (earliest/latest for a new group).
   */
  private whenReady(): Promise<void> {
    const { consumer } = this;
    return new Promise<void>((resolve, reject) => {
      let joined = false;
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`Consumer group "${this.groupId}" not joined within ${this.settings.joinTimeoutMs} ms`),
        );
      }, this.settings.joinTimeoutMs);
      const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
        joined = true;
      });
      const removeFetch = consumer.on(consumer.events.FETCH, () => {
        if (!joined) return;
        cleanup();
        resolve();
      });
      const cleanup = (): void => {
        clearTimeout(timer);
        removeJoin();
        removeFetch();
      };
      this.stopWaitingForJoin = (reason) => {
        cleanup();
        reject(reason);
      };
    });
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): InboundRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value ?? Buffer.alloc(0),
    headers: toHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function toHeaders(headers: IHeaders | undefined): MessageHeaders {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) result[name] = value.toString();
  }
  return result;
}
