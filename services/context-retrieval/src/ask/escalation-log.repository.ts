import { randomUUID } from 'node:crypto';
import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import type { Escalation } from './ask.service';

export const ESCALATIONS_COLLECTION = 'retrieval_escalations';

export interface EscalationRecord extends Versioned, Escalation {
  at: string;
}

/** Escalated (refused) safety questions, kept for supervisors and audit. */
export class EscalationLog {
  private constructor(
    private readonly escalations: DocumentCollection<EscalationRecord>,
    private readonly now: () => number,
  ) {}

  static async open(store: DocumentStore, now: () => number = Date.now): Promise<EscalationLog> {
    const escalations = await store.collection<EscalationRecord>(ESCALATIONS_COLLECTION, [
      { name: 'by_site_at', fields: { site: 1, at: -1 } },
    ]);
    return new EscalationLog(escalations, now);
  }

  async record(e: Escalation): Promise<void> {
    await this.escalations.insert({ _id: randomUUID(), ...e, at: new Date(this.now()).toISOString() });
  }
}
