import type { BatchContext, BatchItem, EventBus, MessageContext, Subscription } from '@andon/bus';
import type { IngestInput } from './ingest-pipeline';
import type { IngestPipeline } from './ingest-pipeline';
import type { IngestTopics } from './ingest-topics';

export interface RawTopicsConsumerOptions {
  bus: EventBus;
  pipeline: IngestPipeline;
  topics: IngestTopics;
  groupId: string;
  partitionsConsumedConcurrently: number;
  /** Most records of one partition per batch. */
  maxBatchSize?: number;
}

/**
 * The raw-topic consumer: thin on purpose (decode, validate and normalise live in the
 * pipeline). Bad input is thrown back to the bus as the pipeline's IngestRejection, a
 * NonRetryableError, so the bus dead-letters it at once with its reason code in the one
 * DLQ format; infrastructure failures are thrown as they are and retried by the bus.
 * Each partition is handled sequentially, batch after batch, each batch published in
 * input order, so per-key (site/line) order is kept.
 */
export class RawTopicsConsumer {
  private subscription: Subscription | undefined;

  constructor(private readonly options: RawTopicsConsumerOptions) {}

  async start(): Promise<void> {
    this.subscription ??= await this.options.bus.subscribe({
      groupId: this.options.groupId,
      topics: this.options.topics.rawTopics,
      dlqTopic: this.options.topics.deadLetters,
      handler: (value, ctx) => this.handle(value, ctx),
      batchHandler: (batch, ctx) => this.handleBatch(batch, ctx),
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      ...(this.options.maxBatchSize !== undefined ? { maxBatchSize: this.options.maxBatchSize } : {}),
      retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 },
    });
  }

  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const result = await this.options.pipeline.process(toInput(value, ctx));
    if (result.outcome === 'dead_lettered') throw result.rejection;
  }

  /**
   * The throughput path: one publish for the whole batch (plant events and dead letters),
   * then the dedupe marks. If it throws, the bus handles each record again via handle().
   */
  async handleBatch(batch: readonly BatchItem[], ctx: BatchContext): Promise<void> {
    await this.options.pipeline.processBatch(
      batch.map((item) => toInput(item.value, item.ctx)),
      (index, rejection) => ctx.deadLetter(batch[index], rejection),
    );
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}

function toInput(value: Uint8Array, ctx: MessageContext): IngestInput {
  return {
    value,
    headers: ctx.headers,
    key: ctx.key,
    origin: {
      kind: 'kafka',
      topic: ctx.topic,
      partition: ctx.partition,
      offset: ctx.offset,
      groupId: ctx.groupId,
      timestamp: ctx.timestamp,
    },
  };
}
