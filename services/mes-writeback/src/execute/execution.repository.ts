import type { DocumentCollection, DocumentStore, Filter } from '@andon/persistence';
import type { MesCallRequest, MesResponseData } from '../mes/mes.port';

export const EXECUTIONS_COLLECTION = 'writeback_executions';

/**
 * `calling`: begun, outcome not recorded yet. `unknown`: the call failed ambiguously and
 * the MES could not be asked whether it took effect; the reconciler asks again until it
 * can tell (not final, not published). `expired`: the approval ran out before the MES was
 * called (a resume after a crash); never sent.
 */
export type ExecutionState = 'calling' | 'unknown' | 'succeeded' | 'failed' | 'expired';

/** States with an ExecutionRecord to publish. */
export const FINAL_STATES: readonly ExecutionState[] = ['succeeded', 'failed', 'expired'];

/**
 * The outbox row of one action's execution, keyed by action id (so an action executes at
 * most once). Inserted as `calling`, with the idempotency key, BEFORE the MES is called;
 * the outcome and the ExecutionRecord to publish are written after. A row left in
 * `calling` by a crash is reconciled by asking the MES whether the key took effect.
 */
export interface ExecutionDoc {
  _id: string;
  version: number;
  actionId: string;
  decisionId: string;
  site: string;
  correlationId: string;
  idempotencyKey: string;
  state: ExecutionState;
  call: MesCallRequest;
  /**
   * ISO instant after which the MES must not be called for this execution: the earlier of
   * the decision's and the action's expiry, fixed when the row is begun and checked again
   * before every call, also on a resume. A row without one is treated as expired.
   */
  expiresAt?: string;
  /** `unknown` rows: true when the attempt that went unknown sent nothing (an expired resume) */
  unsent?: boolean;
  /** instance that holds the row while `calling`, and until when (epoch ms) */
  owner: string;
  leaseUntil: number;
  response: MesResponseData | null;
  error: string;
  /** the encoded ExecutionRecord (base64) once final; the outbox payload */
  recordBase64: string;
  published: boolean;
  createdAt: string;
  updatedAt: string;
}

export type NewExecution = Omit<
  ExecutionDoc,
  'version' | '_id' | 'state' | 'response' | 'error' | 'recordBase64' | 'published' | 'updatedAt'
>;

export class ExecutionRepository {
  private constructor(private readonly docs: DocumentCollection<ExecutionDoc>) {}

  static async open(store: DocumentStore): Promise<ExecutionRepository> {
    const docs = await store.collection<ExecutionDoc>(EXECUTIONS_COLLECTION, [
      { name: 'state_lease', fields: { state: 1, leaseUntil: 1 } },
      { name: 'published_state', fields: { published: 1, state: 1 } },
    ]);
    return new ExecutionRepository(docs);
  }

  /** null when the action already has an execution (the caller decides: resume or replay). */
  async begin(input: NewExecution): Promise<ExecutionDoc | null> {
    const doc: Omit<ExecutionDoc, 'version'> = {
      ...input,
      _id: input.actionId,
      state: 'calling',
      response: null,
      error: '',
      recordBase64: '',
      published: false,
      updatedAt: input.createdAt,
    };
    if ((await this.docs.insert(doc)) === 'duplicate') return null;
    return { ...doc, version: 1 };
  }

  get(actionId: string): Promise<ExecutionDoc | null> {
    return this.docs.get(actionId);
  }

  /** Takes a `calling` or `unknown` row for this instance; null when someone else changed it first. */
  claim(doc: ExecutionDoc, owner: string, leaseUntil: number, now: Date): Promise<ExecutionDoc | null> {
    return this.docs.compareAndSet(
      doc._id,
      doc.version,
      { owner, leaseUntil, updatedAt: now.toISOString() },
      { state: { $in: ['calling', 'unknown'] } },
    );
  }

  /** Records the outcome; null when the row is no longer the version the caller read. */
  finish(
    doc: ExecutionDoc,
    outcome: {
      state: Exclude<ExecutionState, 'calling'>;
      response: MesResponseData | null;
      error: string;
      recordBase64: string;
      unsent?: boolean;
    },
    now: Date,
  ): Promise<ExecutionDoc | null> {
    return this.docs.compareAndSet(
      doc._id,
      doc.version,
      { ...outcome, published: false, updatedAt: now.toISOString() },
      { state: { $in: ['calling', 'unknown'] } },
    );
  }

  markPublished(doc: ExecutionDoc, now: Date): Promise<ExecutionDoc | null> {
    return this.docs.compareAndSet(
      doc._id,
      doc.version,
      { published: true, updatedAt: now.toISOString() },
      { published: false },
    );
  }

  /** Rows still `calling`; with `leaseBefore`, only those whose lease ran out. */
  calling(limit: number, leaseBefore?: number): Promise<ExecutionDoc[]> {
    const filter: Filter =
      leaseBefore === undefined
        ? { state: 'calling' }
        : { state: 'calling', leaseUntil: { $lt: leaseBefore } };
    return this.docs.find(filter, { sort: { leaseUntil: 1, _id: 1 }, limit });
  }

  /** Rows whose outcome could not be established yet (the reconciler asks the MES again). */
  unknown(limit: number): Promise<ExecutionDoc[]> {
    return this.docs.find({ state: 'unknown' }, { sort: { leaseUntil: 1, _id: 1 }, limit });
  }

  /** Final rows whose ExecutionRecord has not reached the bus yet. */
  unpublished(limit: number): Promise<ExecutionDoc[]> {
    return this.docs.find(
      { published: false, state: { $in: [...FINAL_STATES] } },
      { sort: { _id: 1 }, limit },
    );
  }
}
