import type { DocumentCollection, DocumentStore, Filter } from '@andon/persistence';
import type { JsonValue } from '../model/json';
import { normalizeInstant } from '../model/iso-time';
import { canonicalize } from '../canonical/canonical-json';
import { entryId, LEDGER_KINDS, sealEntry, type LedgerDocument, type LedgerEntry, type LedgerKind } from './ledger-entry';
import { verifyChain, type ChainAnchor, type ChainRecord, type ChainVerification } from './verify-chain';

export const LEDGER_COLLECTION = 'ledger';
const PAGE = 500;

export interface LedgerOptions {
  /** independent hash chain within the collection (e.g. "main", or one per site) */
  chain?: string;
  now?: () => Date;
  /** how many times an append re-reads the head after losing a race */
  maxAttempts?: number;
  /** called each time an append lost the race for a seq (for a contention metric) */
  onRetry?: (lostSeq: number) => void;
}

export interface AppendInput {
  kind: LedgerKind;
  subjectId: string;
  payload: unknown;
  site?: string;
  correlationId?: string;
}

export interface LedgerQuery {
  kind?: LedgerKind;
  subjectId?: string;
  site?: string;
  correlationId?: string;
  /** ISO-8601 instant; entries appended at or after it */
  since?: string;
  limit?: number;
}

export class LedgerContentionError extends Error {
  constructor(chain: string, attempts: number) {
    super(`ledger chain ${chain}: gave up after ${attempts} attempts lost to concurrent appends`);
    this.name = 'LedgerContentionError';
  }
}

/**
 * Append-only hash chain over the document store. There are no transactions (FerretDB
 * v1), so the position itself is the lock: `_id = <chain>:<seq>` is unique, two
 * writers that read the same head race to insert the same `_id`, one gets
 * 'duplicate', re-reads the head and links onto the winner. Appends from one process
 * are also queued locally so they do not race each other needlessly.
 */
export class Ledger {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly collection: DocumentCollection<LedgerDocument>,
    readonly chain: string,
    private readonly now: () => Date,
    private readonly maxAttempts: number,
    private readonly onRetry: (lostSeq: number) => void,
  ) {}

  static async open(store: DocumentStore, options: LedgerOptions = {}): Promise<Ledger> {
    const chain = options.chain ?? 'main';
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(chain)) throw new Error(`ledger chain name "${chain}" must be lowercase letters, digits, - or _`);
    const collection = await store.collection<LedgerDocument>(LEDGER_COLLECTION, [
      { name: 'chain_seq', fields: { chain: 1, seq: 1 }, unique: true },
      { name: 'chain_kind_seq', fields: { chain: 1, kind: 1, seq: 1 } },
      { name: 'chain_subject_seq', fields: { chain: 1, subjectId: 1, seq: 1 } },
    ]);
    return new Ledger(collection, chain, options.now ?? (() => new Date()), options.maxAttempts ?? 200, options.onRetry ?? (() => undefined));
  }

  /** Resolves with the entry once stored; rejects without writing if the input is invalid. */
  async append(input: AppendInput): Promise<LedgerEntry> {
    if (!(LEDGER_KINDS as readonly string[]).includes(input.kind)) throw new Error(`unknown ledger kind "${input.kind}"`);
    if (!input.subjectId) throw new Error('ledger entries need a subjectId');
    // Fail fast (before queueing) on a payload that cannot be hashed.
    canonicalize(input.payload);
    // Runs synchronously up to here, so the queue order is the call order.
    const run = this.queue.then(() => this.appendWithRetry(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendWithRetry(input: AppendInput): Promise<LedgerEntry> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const head = await this.head();
      const { entry, payloadJson } = sealEntry(head, {
        chain: this.chain,
        kind: input.kind,
        subjectId: input.subjectId,
        site: input.site ?? '',
        correlationId: input.correlationId ?? '',
        at: this.now().toISOString(),
        payload: input.payload,
      });
      const { payload: _parsed, ...header } = entry;
      const result = await this.collection.insert({ _id: entryId(this.chain, entry.seq), ...header, payloadJson });
      if (result === 'inserted') return entry;
      this.onRetry(entry.seq);
      // Lost the race for this seq: back off a little, more after repeated losses.
      if (attempt > 2) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new LedgerContentionError(this.chain, this.maxAttempts);
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    const [last] = await this.collection.find({ chain: this.chain }, { sort: { seq: -1 }, limit: 1 });
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  /** Walks the whole chain; pass an anchor recorded earlier to also catch tail truncation. */
  verify(anchor?: ChainAnchor): Promise<ChainVerification> {
    return verifyChain(this.chain, this.records(), anchor);
  }

  /** The chain as JSON lines (one entry per line, newline-terminated), in seq order. */
  async *export(): AsyncGenerator<string> {
    for await (const record of this.records()) yield `${canonicalize(toEntry(record))}\n`;
  }

  async query(q: LedgerQuery = {}): Promise<LedgerEntry[]> {
    const filter: Filter = { chain: this.chain };
    if (q.kind) filter['kind'] = q.kind;
    if (q.subjectId) filter['subjectId'] = q.subjectId;
    if (q.site) filter['site'] = q.site;
    if (q.correlationId) filter['correlationId'] = q.correlationId;
    if (q.since) filter['at'] = { $gte: normalizeInstant(q.since, 'since') };
    const docs = await this.collection.find(filter, { sort: { seq: 1 }, limit: q.limit ?? 1000 });
    return docs.map((doc) => toEntry(toRecord(doc)));
  }

  /** Pages by storage key so an entry whose seq field was edited is still visited where it is stored. */
  private async *records(): AsyncGenerator<ChainRecord> {
    let after = `${this.chain}:`;
    for (;;) {
      const page = await this.collection.find({ chain: this.chain, _id: { $gt: after } }, { sort: { _id: 1 }, limit: PAGE });
      for (const doc of page) yield toRecord(doc);
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      after = last._id;
    }
  }
}

function toRecord(doc: LedgerDocument): ChainRecord {
  return {
    id: doc._id,
    chain: doc.chain,
    seq: doc.seq,
    kind: doc.kind,
    subjectId: doc.subjectId,
    site: doc.site,
    correlationId: doc.correlationId,
    at: doc.at,
    payloadJson: doc.payloadJson,
    payloadHash: doc.payloadHash,
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
}

function toEntry(r: ChainRecord): LedgerEntry {
  return {
    chain: r.chain,
    seq: r.seq,
    kind: r.kind as LedgerKind,
    subjectId: r.subjectId,
    site: r.site,
    correlationId: r.correlationId,
    at: r.at,
    payload: safeParse(r.payloadJson),
    payloadHash: r.payloadHash,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

// A tampered payload may not even be JSON; export it as a string so verification of the
// export reports the tampering instead of the exporter crashing.
function safeParse(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
