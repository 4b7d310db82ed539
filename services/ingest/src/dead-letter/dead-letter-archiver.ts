import type { EventBus, MessageContext, Subscription } from '@andon/bus';
import type { Logger } from '@andon/observability';
import { HeaderNames } from '@andon/contracts';
import type { DeadLetterArchive } from './dead-letter-archive';

export interface DeadLetterArchiverOptions {
  bus: EventBus;
  archive: DeadLetterArchive;
  dlqTopic: string;
  /** Its own consumer group on andon.dlq.v1. */
  groupId: string;
  /** Dead letters of these consumer groups are ingest's to list and replay; others are left alone. */
  ownedGroups: readonly string[];
  log: Logger;
}

/**
 * Copies ingest's dead letters from andon.dlq.v1 into the archive. Other services'
 * dead letters share the topic and are skipped: replaying them is their owners' call.
 * Store failures are retried for a long time (not dead-lettered) because a dead letter of
 * a dead letter would be archived by nobody.
 */
export class DeadLetterArchiver {
  private subscription: Subscription | undefined;
  private readonly owned: ReadonlySet<string>;

  constructor(private readonly options: DeadLetterArchiverOptions) {
    this.owned = new Set(options.ownedGroups);
  }

  async start(): Promise<void> {
    this.subscription ??= await this.options.bus.subscribe({
      groupId: this.options.groupId,
      topics: [this.options.dlqTopic],
      handler: (value, ctx) => this.handle(value, ctx),
      retry: { attempts: 50, baseDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.2 },
    });
  }

  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const group = ctx.headers[HeaderNames.DlqConsumerGroup];
    if (group === undefined || !this.owned.has(group)) return;
    const result = await this.options.archive.archive({
      value,
      headers: ctx.headers,
      key: ctx.key,
      dlqPosition: `${ctx.topic}/${ctx.partition}/${ctx.offset}`,
    });
    if (result === 'archived')
      ctx.log.debug({ reason: ctx.headers[HeaderNames.DlqReason] }, 'dead letter archived');
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}
