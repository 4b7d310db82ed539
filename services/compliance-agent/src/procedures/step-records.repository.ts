import { ScopedRepository, type DocumentStore, type Filter, type SiteScoped } from '@andon/persistence';

export interface StepRecord extends SiteScoped {
  /** Where the step was done; records written before lines were kept have none and are never "running". */
  line?: string;
  area?: string;
  enterprise?: string;
  correlationId?: string;
  workOrderId: string;
  documentId: string;
  revision: string;
  stepNo: number;
  operatorBadge: string;
  machineId: string;
  eventId: string;
  occurredAt: number;
}

/** Where a document's revision applies: '' means every site or every line. */
export interface RevisionScope {
  site: string;
  line: string;
}

/** Completed procedure steps per work order and document, keyed by event id so a redelivery adds nothing. */
export class StepRecordsRepository extends ScopedRepository<StepRecord> {
  static async open(store: DocumentStore): Promise<StepRecordsRepository> {
    return new StepRecordsRepository(
      await store.collection<StepRecord>('compliance_agent_steps', [
        { name: 'by_work_order', fields: { site: 1, workOrderId: 1, documentId: 1, occurredAt: 1 } },
        { name: 'by_time', fields: { occurredAt: 1 } },
        { name: 'by_document', fields: { documentId: 1, occurredAt: 1 } },
      ]),
    );
  }

  /** Steps of this work order and document completed before `record` (by time, then event id), excluding itself. */
  async before(
    record: Pick<StepRecord, 'site' | 'workOrderId' | 'documentId' | 'eventId' | 'occurredAt'>,
  ): Promise<StepRecord[]> {
    const all = await this.find(
      [record.site],
      {
        workOrderId: record.workOrderId,
        documentId: record.documentId,
        occurredAt: { $lte: record.occurredAt },
      },
      { sort: { occurredAt: 1, _id: 1 } },
    );
    return all.filter(
      (r) => r.eventId !== record.eventId && (r.occurredAt < record.occurredAt || r.eventId < record.eventId),
    );
  }

  /**
   * The latest step of `documentId` on each line inside `scope` since `since`: which
   * revision each line is running. A plant-wide revision (no site in its scope) is the
   * one question that spans sites, so it reads past the site scoping on purpose.
   */
  async latestPerLine(documentId: string, scope: RevisionScope, since: number): Promise<StepRecord[]> {
    const filter: Filter = {
      documentId,
      occurredAt: { $gte: since },
      ...(scope.line ? { line: scope.line } : {}),
    };
    const steps = scope.site
      ? await this.find([scope.site], filter, { sort: { occurredAt: 1, _id: 1 } })
      : await this.collection.find(filter, { sort: { occurredAt: 1, _id: 1 } });
    const latest = new Map<string, StepRecord>();
    for (const s of steps) if (s.line) latest.set(`${s.site}/${s.line}`, s);
    return [...latest.values()];
  }

  purgeBefore(before: number): Promise<number> {
    return this.collection.deleteMany({ occurredAt: { $lt: before } });
  }
}
