import type { DocumentCollection, DocumentStore } from '@andon/persistence';
import { canonicalize } from '../canonical/canonical-json';
import {
  entryId,
  LEDGER_KINDS,
  sealEntry,
  type ChainHead,
  type EntryFields,
  type LedgerDocument,
  type NewEntry,
} from './ledger-entry';

export const LEDGER_COLLECTION = 'ledger';

export class LedgerContentionError extends Error {
  constructor(chain: string, attempts: number) {
    super(`ledger chain ${chain}: gave up after ${attempts} attempts lost to concurrent appends`);
    this.name = 'LedgerContentionError';
  }
}

export interface ChainAppenderOptions {
  chain?: string;
  now?: () => Date;
  /** losses of a seq to other writers in a row (no entry of ours got in between) before giving up */
  maxAttempts?: number;
  /** called each time a seq was lost to another writer (contention metric) */
  onRetry?: (lostSeq: number) => void;
}

/** A sealed entry of a run and the position of its fields in the list given to append(). */
export interface SealedItem {
  index: number;
  entry: NewEntry;
}

/**
 * Called with each sealed run before it is inserted, and again for entries that must be
 * re-sealed at a later seq; if it throws, nothing of that run is inserted. The recorder
 * uses it to point its source markers at the exact positions first, so a crash between
 * markers and entries is recognisable afterwards.
 */
export type BeforeInsert = (run: readonly SealedItem[]) => Promise<void>;

interface Prepared {
  fields: EntryFields;
  payloadJson: string;
}

/**
 * Entries per insertMany. Measured on SQLite: 500 per transaction reaches 35-44k/s, and
 * holds the write lock for a few milliseconds, short enough for other writers to interleave.
 */
const RUN_SIZE = 500;

/**
 * The one writer of the hash chain. There are no transactions (FerretDB v1), so the
 * position itself is the lock: `_id = <chain>:<seq>` is unique; two writers that link onto
 * the same head race to insert the same `_id` and one gets `duplicate`.
 *
 * Entries go in runs with one round trip each. The head is kept in memory (read once): on
 * FerretDB reading it is a sort the server does in memory over the whole chain, so
 * re-reading it per append slowed appends as the ledger grew (docs/benchmarks.md). A writer
 * that loses a seq walks forward by _id from its cached head and re-seals the rest of its
 * run there. Calls from one process are queued, so they keep their call order.
 */
export class ChainAppender {
  private head: ChainHead | null | undefined = undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly docs: DocumentCollection<LedgerDocument>,
    readonly chain: string,
    private readonly now: () => Date,
    private readonly maxAttempts: number,
    private readonly onRetry: (lostSeq: number) => void,
  ) {}

  static async open(store: DocumentStore, options: ChainAppenderOptions = {}): Promise<ChainAppender> {
    const chain = options.chain ?? 'main';
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(chain))
      throw new Error(`ledger chain name "${chain}" must be lowercase letters, digits, - or _`);
    const docs = await store.collection<LedgerDocument>(LEDGER_COLLECTION, [
      { name: 'chain_seq', fields: { chain: 1, seq: 1 }, unique: true },
      { name: 'chain_kind_seq', fields: { chain: 1, kind: 1, seq: 1 } },
      { name: 'chain_subject_seq', fields: { chain: 1, subjectId: 1, seq: 1 } },
    ]);
    return new ChainAppender(
      docs,
      chain,
      options.now ?? (() => new Date()),
      options.maxAttempts ?? 200,
      options.onRetry ?? (() => undefined),
    );
  }

  get collection(): DocumentCollection<LedgerDocument> {
    return this.docs;
  }

  /**
   * Appends in order; resolves with the stored entries. Queued behind earlier calls. Runs
   * of up to RUN_SIZE entries are sealed onto the cached head and written with one ordered
   * insertMany; when another writer took a seq in the run (`duplicateAt`), the entries
   * before it are in, and the rest is re-sealed after the new head and written again.
   */
  append(entries: readonly EntryFields[], beforeInsert?: BeforeInsert): Promise<NewEntry[]> {
    // Validate and canonicalise before queueing: a bad payload fails its caller alone.
    const prepared = entries.map((fields) => {
      if (!(LEDGER_KINDS as readonly string[]).includes(fields.kind))
        throw new Error(`unknown ledger kind "${fields.kind}"`);
      if (!fields.subjectId) throw new Error('ledger entries need a subjectId');
      return { fields, payloadJson: canonicalize(fields.payload) };
    });
    const run = this.queue.then(() => this.appendAll(prepared, beforeInsert));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The last entry as this writer knows it (read from the store on first use). */
  async currentHead(): Promise<ChainHead | null> {
    if (this.head === undefined) this.head = await this.readHead();
    return this.head;
  }

  private async appendAll(
    prepared: readonly Prepared[],
    beforeInsert: BeforeInsert | undefined,
  ): Promise<NewEntry[]> {
    const stored: NewEntry[] = [];
    let next = 0;
    let lostInARow = 0;
    while (next < prepared.length) {
      let head = await this.currentHead();
      const sealed = prepared.slice(next, next + RUN_SIZE).map(({ fields, payloadJson }) => {
        const entry = sealEntry(this.chain, head, fields, this.now().toISOString(), payloadJson);
        head = { seq: entry.seq, hash: entry.hash };
        return entry;
      });
      if (beforeInsert) await beforeInsert(sealed.map((entry, i) => ({ index: next + i, entry })));
      const result = await this.docs.insertMany(sealed, { ordered: true });
      const last = sealed[result.inserted - 1];
      if (last) {
        this.head = { seq: last.seq, hash: last.hash };
        stored.push(...sealed.slice(0, result.inserted));
        next += result.inserted;
        lostInARow = 0;
      }
      const lost = result.duplicateAt === undefined ? undefined : sealed[result.duplicateAt];
      if (!lost) continue;
      this.onRetry(lost.seq);
      if (++lostInARow >= this.maxAttempts) throw new LedgerContentionError(this.chain, this.maxAttempts);
      this.head = await this.walkForward(this.head ?? null);
    }
    return stored;
  }

  // Another writer appended: follow its entries by _id (a primary-key lookup on both stores).
  private async walkForward(from: ChainHead | null): Promise<ChainHead | null> {
    let head = from;
    for (;;) {
      const next = await this.docs.get(entryId(this.chain, (head?.seq ?? 0) + 1));
      if (!next) return head;
      head = { seq: next.seq, hash: next.hash };
    }
  }

  private async readHead(): Promise<ChainHead | null> {
    const [last] = await this.docs.find({ chain: this.chain }, { sort: { seq: -1, _id: -1 }, limit: 1 });
    return last ? { seq: last.seq, hash: last.hash } : null;
  }
}
