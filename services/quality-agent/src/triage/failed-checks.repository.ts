import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';

export interface FailedCheck extends SiteScoped {
  line: string;
  lotId: string;
  checkId: string;
  characteristic: string;
  measuredValue: number;
  lowerSpecLimit?: number;
  upperSpecLimit?: number;
  unit: string;
  product: string;
  eventId: string;
  occurredAt: number;
}

/** Failing in-process checks per lot: evidence for triage, and the trigger for deviations. */
export class FailedChecksRepository extends ScopedRepository<FailedCheck> {
  static async open(store: DocumentStore): Promise<FailedChecksRepository> {
    return new FailedChecksRepository(
      await store.collection<FailedCheck>('quality_agent_failed_checks', [
        { name: 'by_lot', fields: { site: 1, lotId: 1, occurredAt: 1 } },
        { name: 'by_time', fields: { occurredAt: 1 } },
      ]),
    );
  }

  forLots(site: string, lotIds: readonly string[], limit: number): Promise<FailedCheck[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.find([site], { lotId: { $in: [...lotIds] } }, { sort: { occurredAt: 1, _id: 1 }, limit });
  }

  /** Retention: checks older than `before` (epoch ms) no longer matter for any site. */
  purgeBefore(before: number): Promise<number> {
    return this.collection.deleteMany({ occurredAt: { $lt: before } });
  }
}
