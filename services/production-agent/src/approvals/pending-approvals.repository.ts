import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';

export interface TrackedAction extends SiteScoped {
  line: string;
  title: string;
  actionType: string;
  proposedBy: string;
  state: 'pending' | 'decided';
  outcome?: string;
  /** epoch ms; 0 when only the decision has been seen */
  proposedAt: number;
  expiresAt: number;
}

/** Proposed actions awaiting a decision, from andon.actions.proposed.v1 and .decided.v1, for the shift handoff. */
export class PendingApprovalsRepository extends ScopedRepository<TrackedAction> {
  static async open(store: DocumentStore): Promise<PendingApprovalsRepository> {
    return new PendingApprovalsRepository(
      await store.collection<TrackedAction>('production_agent_approvals', [
        { name: 'by_line_state', fields: { site: 1, line: 1, state: 1, expiresAt: 1 } },
      ]),
    );
  }

  async proposed(action: Omit<TrackedAction, 'version' | 'state'>): Promise<void> {
    // Insert-if-absent: a decision that overtook its proposal (another partition) already settled it.
    await this.insert({ ...action, state: 'pending' });
  }

  async decided(site: string, line: string, actionId: string, outcome: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.get([site], actionId);
      if (!current) {
        if (
          (await this.insert({
            _id: actionId,
            site,
            line,
            title: '',
            actionType: '',
            proposedBy: '',
            state: 'decided',
            outcome,
            proposedAt: 0,
            expiresAt: 0,
          })) === 'inserted'
        )
          return;
        continue;
      }
      if (current.state === 'decided') return;
      if (await this.compareAndSet([site], actionId, current.version, { state: 'decided', outcome })) return;
    }
    throw new Error(`action ${actionId} kept changing while recording its decision`);
  }

  /** Actions on the line still waiting for approval at `at` (not decided, not expired). */
  pendingAt(site: string, line: string, at: number): Promise<TrackedAction[]> {
    return this.find(
      [site],
      { line, state: 'pending', expiresAt: { $gt: at } },
      { sort: { expiresAt: 1, _id: 1 }, limit: 50 },
    );
  }
}
