import { randomUUID } from 'node:crypto';
import type { EventBus, MessageContext, Subscription } from '@andon/bus';
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
export class LiveEventsService {
  private readonly listeners = new Set<Listener>();
  private subscription: Subscription | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: `console-live-${randomUUID()}`,
      topics: Object.keys(KINDS),
      fromBeginning: false,
      // A lost notification only delays a refresh; never retry or dead-letter one.
      retry: { attempts: 1, baseDelayMs: 1 },
      handler: async (_value, ctx) => this.relay(ctx),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.listeners.clear();
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
