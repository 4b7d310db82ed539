import { Inject, Injectable } from '@nestjs/common';
import {
  Subscribe,
  type BatchContext,
  type BatchItem,
  type MessageContext,
  type SubscribeSpec,
} from '@andon/bus';
import { INGEST_CONSUMING, INGEST_SETTINGS, type IngestSettings } from '../ingest.tokens';
import { IngestPipeline, type IngestInput } from './ingest-pipeline';
import { IngestTopics } from './ingest-topics';

/**
 * The raw-topic consumer: thin on purpose (decode, validate and normalise live in the
 * pipeline). Bad input is thrown back to the bus as the pipeline's IngestRejection, a
 * NonRetryableError, so the bus dead-letters it at once with its reason code in the one
 * DLQ format; infrastructure failures are thrown as they are and retried by the bus.
 * Each partition is handled sequentially, batch after batch, each batch published in
 * input order, so per-key (site/line) order is kept. The bus module subscribes it at
 * bootstrap (creating ingest's topics first) and closes it first at shutdown.
 */
@Injectable()
export class RawTopicsConsumer {
  constructor(
    @Inject(IngestPipeline) private readonly pipeline: IngestPipeline,
    @Inject(IngestTopics) private readonly topics: IngestTopics,
    @Inject(INGEST_SETTINGS) private readonly settings: IngestSettings,
    @Inject(INGEST_CONSUMING) private readonly consuming: boolean,
  ) {}

  /** null when this process does not consume (consume: false). */
  get subscription(): SubscribeSpec | null {
    if (!this.consuming) return null;
    const batchSize = this.settings.INGEST_BATCH_SIZE;
    return {
      groupId: this.settings.INGEST_GROUP_ID,
      topics: this.topics.rawTopics,
      createTopics: this.topics.specs(),
      dlqTopic: this.topics.deadLetters,
      batchHandler: (batch, ctx) => this.handleBatch(batch, ctx),
      partitionsConsumedConcurrently: this.settings.INGEST_PARTITIONS_CONCURRENCY,
      ...(batchSize !== undefined ? { maxBatchSize: batchSize } : {}),
      retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 },
      // Dedupe is the pipeline's (by source event id, in the store), not the bus module's.
      idempotent: false,
    };
  }

  @Subscribe((self: RawTopicsConsumer) => self.subscription)
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const result = await this.pipeline.process(toInput(value, ctx));
    if (result.outcome === 'dead_lettered') throw result.rejection;
  }

  /**
   * The throughput path: one publish for the whole batch (plant events and dead letters),
   * then the dedupe marks. If it throws, the bus handles each record again via handle().
   */
  async handleBatch(batch: readonly BatchItem[], ctx: BatchContext): Promise<void> {
    await this.pipeline.processBatch(
      batch.map((item) => toInput(item.value, item.ctx)),
      (index, rejection) => ctx.deadLetter(batch[index], rejection),
    );
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
