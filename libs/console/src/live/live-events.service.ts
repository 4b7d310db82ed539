import { randomUUID } from 'node:crypto';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Subscribe, type MessageContext, type SubscribeSpec } from '@andon/bus';
import { HeaderNames, Topics } from '@andon/contracts';
import type { Logger } from '@andon/observability';

/** What changed, without the data: the console refetches through the authenticated REST API. */
export interface LiveEvent {
  kind: 'actions' | 'reports' | 'dead-letters';
  site: string;
  line: string;
}

const KINDS: Readonly<Record<string, LiveEvent['kind']>> = {
  [Topics.ActionsProposed]: 'actions',
  [Topics.ActionsDecided]: 'actions',
  [Topics.ActionsExecuted]: 'actions',
  [Topics.Recommendations]: 'reports',
  [Topics.DeadLetters]: 'dead-letters',
};

type Listener = (event: LiveEvent) => void;

/**
 * Relays "something changed at site/line" from the bus to the console's open streams.
 * Its consumer group is unique to this process (every console instance sees every
 * change) and starts at the end of the topics (no replay of history on start).
 */
export class LiveEventsService implements BeforeApplicationShutdown {
  private readonly listeners = new Set<Listener>();
  private readonly groupId = `console-live-${randomUUID()}`;

  constructor(private readonly log: Logger) {}

  /** Its own group, from the end of the topics. */
  get subscription(): SubscribeSpec {
    return {
      groupId: this.groupId,
      topics: Object.keys(KINDS),
      fromBeginning: false,
      idempotent: false,
      // A lost notification only delays a refresh; never retry or dead-letter one.
      retry: { attempts: 1, baseDelayMs: 1 },
    };
  }

  /** Open streams end with the app; the subscription is closed by the bus module before. */
  beforeApplicationShutdown(): void {
    this.listeners.clear();
  }

  @Subscribe((self: LiveEventsService) => self.subscription)
  async onChange(_value: Uint8Array, ctx: MessageContext): Promise<void> {
    this.relay(ctx);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): number {
    return this.listeners.size;
  }

  private relay(ctx: MessageContext): void {
    const kind = KINDS[ctx.topic];
    if (!kind) return;
    const [keySite = '', line = ''] = (ctx.key ?? '').split('/');
    const header = ctx.headers[HeaderNames.Site];
    const site = typeof header === 'string' && header ? header : keySite;
    for (const listener of this.listeners) {
      try {
        listener({ kind, site, line });
      } catch (err) {
        this.log.warn({ err }, 'console live listener failed');
      }
    }
  }
}
