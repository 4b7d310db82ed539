import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';

export interface StepRecord extends SiteScoped {
  workOrderId: string;
  documentId: string;
  revision: string;
  stepNo: number;
  operatorBadge: string;
  machineId: string;
  eventId: string;
  occurredAt: number;
}

/** Completed procedure steps per work order and document, keyed by event id so a redelivery adds nothing. */
export class StepRecordsRepository extends ScopedRepository<StepRecord> {
  static async open(store: DocumentStore): Promise<StepRecordsRepository> {
    return new StepRecordsRepository(
      await store.collection<StepRecord>('compliance_agent_steps', [
        { name: 'by_work_order', fields: { site: 1, workOrderId: 1, documentId: 1, occurredAt: 1 } },
        { name: 'by_time', fields: { occurredAt: 1 } },
      ]),
    );
  }

  /** Steps of this work order and document completed before `record` (by time, then event id), excluding itself. */
  async before(record: Pick<StepRecord, 'site' | 'workOrderId' | 'documentId' | 'eventId' | 'occurredAt'>): Promise<StepRecord[]> {
    const all = await this.find([record.site], { workOrderId: record.workOrderId, documentId: record.documentId, occurredAt: { $lte: record.occurredAt } }, { sort: { occurredAt: 1, _id: 1 } });
    return all.filter((r) => r.eventId !== record.eventId && (r.occurredAt < record.occurredAt || r.eventId < record.eventId));
  }

  purgeBefore(before: number): Promise<number> {
    return this.collection.deleteMany({ occurredAt: { $lt: before } });
  }
}
