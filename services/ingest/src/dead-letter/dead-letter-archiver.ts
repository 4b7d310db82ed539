import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext, type SubscribeSpec } from '@andon/bus';
import { HeaderNames } from '@andon/contracts';
import { INGEST_CONSUMING, INGEST_SETTINGS, httpGroupOf, type IngestSettings } from '../ingest.tokens';
import { IngestTopics } from '../pipeline/ingest-topics';
import { DeadLetterArchive } from './dead-letter-archive';

/**
 * Copies ingest's dead letters from andon.dlq.v1 into the archive, in its own consumer
 * group. Other services' dead letters share the topic and are skipped: replaying them is
 * their owners' call. Only the groups of ingest's raw topics and HTTP input are ingest's.
 * Store failures are retried for a long time (not dead-lettered) because a dead letter of
 * a dead letter would be archived by nobody.
 */
@Injectable()
export class DeadLetterArchiver {
  private readonly owned: ReadonlySet<string>;

  constructor(
    @Inject(DeadLetterArchive) private readonly archive: DeadLetterArchive,
    @Inject(IngestTopics) private readonly topics: IngestTopics,
    @Inject(INGEST_SETTINGS) private readonly settings: IngestSettings,
    @Inject(INGEST_CONSUMING) private readonly consuming: boolean,
  ) {
    this.owned = new Set([settings.INGEST_GROUP_ID, httpGroupOf(settings)]);
  }

  /** null when this process does not consume (consume: false). */
  get subscription(): SubscribeSpec | null {
    if (!this.consuming) return null;
    return {
      groupId: `${this.settings.INGEST_GROUP_ID}-dlq-archive`,
      topics: [this.topics.deadLetters],
      createTopics: this.topics.specs(),
      retry: { attempts: 50, baseDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.2 },
      idempotent: false,
    };
  }

  @Subscribe((self: DeadLetterArchiver) => self.subscription)
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const group = ctx.headers[HeaderNames.DlqConsumerGroup];
    if (group === undefined || !this.owned.has(group)) return;
    const result = await this.archive.archive({
      value,
      headers: ctx.headers,
      key: ctx.key,
      dlqPosition: `${ctx.topic}/${ctx.partition}/${ctx.offset}`,
    });
    if (result === 'archived')
      ctx.log.debug({ reason: ctx.headers[HeaderNames.DlqReason] }, 'dead letter archived');
  }
}
