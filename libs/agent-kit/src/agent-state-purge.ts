import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DedupeWindow } from '@andon/persistence';
import { Sweep } from '@andon/service-kit';
import { AgentContext } from './agent-context';
import { Claims } from './claims';
import { Outbox } from './outbox';

/** A store whose records an agent drops once they are older than its retention. */
export interface Purgeable {
  purgeBefore(cutoffMs: number): Promise<unknown>;
}

/** Injection token of the agent's purgeable stores (defineAgent's `purge`). */
export const AGENT_PURGEABLE = Symbol('andon:agent-purgeable');

export const PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Hourly (a kit @Sweep): the outbox, the claims and the agent's own purgeable stores lose
 * what is older than AGENT_STATE_RETENTION_HOURS, and the dedupe window its expired entries.
 */
@Injectable()
export class AgentStatePurge implements OnApplicationBootstrap {
  constructor(
    @Inject(AgentContext) private readonly agent: AgentContext,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Claims) private readonly claims: Claims,
    @Inject(DedupeWindow) private readonly window: DedupeWindow,
    @Inject(AGENT_PURGEABLE) private readonly stores: readonly Purgeable[],
  ) {}

  onApplicationBootstrap(): void {
    if (this.agent.consuming)
      this.agent.log.info(
        { group: this.agent.config.AGENT_GROUP_ID, topic: this.agent.topics.plantEvents },
        `${this.agent.id} started`,
      );
  }

  @Sweep((self: AgentStatePurge) =>
    self.agent.consuming ? { name: `${self.agent.id}.state-purge`, everyMs: PURGE_INTERVAL_MS } : null,
  )
  async purge(): Promise<void> {
    const retentionMs = this.agent.retentionMs;
    await this.outbox.purgeOlderThan(retentionMs);
    await this.claims.purgeOlderThan(retentionMs);
    for (const store of this.stores) await store.purgeBefore(this.agent.nowMs() - retentionMs);
    await this.window.purgeExpired();
  }
}
