import type { DocumentCollection, DocumentStore } from '@andon/persistence';

export const PARKED_COLLECTION = 'writeback_parked_decisions';

/** Where a record came from; also what makes refusal ids unique per delivery. */
export interface RecordSource {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * A verified decision whose action has not reached this service yet. Kafka orders records
 * only within a partition, and proposed and decided are different topics, so a decision
 * can overtake its action; it waits here (not in a retry loop that blocks its partition)
 * until the action arrives. Whoever moves it from `parked` to `taken` handles it and then
 * marks it `done`; a `taken` row whose lease ran out (its handler crashed) is taken again
 * by the sweep. Handling a decision twice is safe: executions are keyed by action.
 */
export interface ParkedDecision {
  _id: string;
  version: number;
  actionId: string;
  decisionBase64: string;
  source: RecordSource;
  state: 'parked' | 'taken' | 'done';
  parkedAt: string;
  /** epoch ms until which a `taken` row belongs to its taker */
  takenUntil: number;
}

export class ParkedDecisionRepository {
  private constructor(private readonly docs: DocumentCollection<ParkedDecision>) {}

  static async open(store: DocumentStore): Promise<ParkedDecisionRepository> {
    return new ParkedDecisionRepository(
      await store.collection<ParkedDecision>(PARKED_COLLECTION, [
        { name: 'action_state', fields: { actionId: 1, state: 1 } },
        { name: 'state_taken_until', fields: { state: 1, takenUntil: 1 } },
      ]),
    );
  }

  /** false when this decision is already parked (a redelivery). */
  async park(
    decisionId: string,
    actionId: string,
    bytes: Uint8Array,
    source: RecordSource,
    now: Date,
  ): Promise<boolean> {
    const result = await this.docs.insert({
      _id: decisionId,
      actionId,
      decisionBase64: Buffer.from(bytes).toString('base64'),
      source,
      state: 'parked',
      parkedAt: now.toISOString(),
      takenUntil: 0,
    });
    return result === 'inserted';
  }

  /** Claims the action's parked decisions; each is returned to exactly one caller. */
  async take(actionId: string, now: number, leaseMs: number): Promise<ParkedDecision[]> {
    return this.claimAll(
      await this.docs.find({ actionId, state: 'parked' }, { sort: { parkedAt: 1, _id: 1 } }),
      now,
      leaseMs,
    );
  }

  /** Claims `taken` rows whose taker did not finish within its lease. */
  async takeStale(now: number, leaseMs: number, limit = 100): Promise<ParkedDecision[]> {
    const stale = await this.docs.find(
      { state: 'taken', takenUntil: { $lt: now } },
      { sort: { takenUntil: 1, _id: 1 }, limit },
    );
    return this.claimAll(stale, now, leaseMs);
  }

  async done(doc: ParkedDecision): Promise<void> {
    await this.docs.compareAndSet(doc._id, doc.version, { state: 'done' });
  }

  countParked(): Promise<number> {
    return this.docs.count({ state: 'parked' });
  }

  private async claimAll(docs: ParkedDecision[], now: number, leaseMs: number): Promise<ParkedDecision[]> {
    const taken: ParkedDecision[] = [];
    for (const doc of docs) {
      const won = await this.docs.compareAndSet(
        doc._id,
        doc.version,
        { state: 'taken', takenUntil: now + leaseMs },
        { state: doc.state },
      );
      if (won) taken.push(won);
    }
    return taken;
  }
}
