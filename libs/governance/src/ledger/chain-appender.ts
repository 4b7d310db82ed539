import { canonicalize, Ledger, LEDGER_COLLECTION, LEDGER_KINDS, LedgerContentionError } from '@andon/governance';
import type { DocumentCollection, DocumentStore } from '@andon/persistence';
import { entryId, sealEntry, type ChainHead, type EntryFields, type NewEntry, type StoredEntry } from './chain-format';

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
 * Appends to the governance ledger's chain with one round trip per run of entries. The lib's
 * Ledger.append reads the head before every insert; on FerretDB that read is a sort the
 * server does in memory over the whole chain, so appends slow down as the ledger grows
 * (docs/benchmarks.md). Here the head is kept in memory: a single writer never reads it,
 * and a writer that loses a seq (`duplicate` on the position's unique _id, the lib's own
 * lock) walks forward by _id from its cached head, as the lib's retry re-reads it.
 */
export class ChainAppender {
  private head: ChainHead | null | undefined = undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly docs: DocumentCollection<StoredEntry>,
    readonly chain: string,
    private readonly now: () => Date,
    private readonly maxAttempts: number,
    private readonly onRetry: (lostSeq: number) => void,
  ) {}

  static async open(store: DocumentStore, options: ChainAppenderOptions = {}): Promise<ChainAppender> {
    const chain = options.chain ?? 'main';
    // The lib creates the collection and its indexes (unique chain+seq among them); this
    // class only reuses them.
    await Ledger.open(store, { chain });
    const docs = await store.collection<StoredEntry>(LEDGER_COLLECTION);
    return new ChainAppender(docs, chain, options.now ?? (() => new Date()), options.maxAttempts ?? 200, options.onRetry ?? (() => undefined));
  }

  get collection(): DocumentCollection<StoredEntry> {
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
      if (!(LEDGER_KINDS as readonly string[]).includes(fields.kind)) throw new Error(`unknown ledger kind "${fields.kind}"`);
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

  private async appendAll(prepared: readonly Prepared[], beforeInsert: BeforeInsert | undefined): Promise<NewEntry[]> {
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
