import type { DocumentCollection, DocumentStore, Filter } from '@andon/persistence';
import { normalizeInstant } from '../model/iso-time';
import { canonicalize } from '../canonical/canonical-json';
import { ChainAppender } from './chain-appender';
import { entryOf, type LedgerDocument, type LedgerEntry, type LedgerKind } from './ledger-entry';
import { verifyChain, type ChainAnchor, type ChainRecord, type ChainVerification } from './verify-chain';

export { LEDGER_COLLECTION, LedgerContentionError } from './chain-appender';
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

/**
 * Append-only hash chain over the document store: appends go through the one
 * {@link ChainAppender}; this adds reading, export and verification of the whole chain.
 */
export class Ledger {
  private constructor(
    private readonly collection: DocumentCollection<LedgerDocument>,
    private readonly appender: ChainAppender,
  ) {}

  get chain(): string {
    return this.appender.chain;
  }

  static async open(store: DocumentStore, options: LedgerOptions = {}): Promise<Ledger> {
    const appender = await ChainAppender.open(store, options);
    return new Ledger(appender.collection, appender);
  }

  /** Resolves with the entry once stored; rejects without writing if the input is invalid. */
  async append(input: AppendInput): Promise<LedgerEntry> {
    const [stored] = await this.appender.append([
      {
        kind: input.kind,
        subjectId: input.subjectId,
        site: input.site ?? '',
        correlationId: input.correlationId ?? '',
        payload: input.payload,
      },
    ]);
    if (!stored) throw new Error(`ledger chain ${this.chain}: append stored nothing`);
    return entryOf(stored);
  }

  /** The last entry as stored now (read from the store, not this writer's cache). */
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
    for await (const record of this.records()) yield `${canonicalize(entryOf(record))}\n`;
  }

  async query(q: LedgerQuery = {}): Promise<LedgerEntry[]> {
    const filter: Filter = { chain: this.chain };
    if (q.kind) filter['kind'] = q.kind;
    if (q.subjectId) filter['subjectId'] = q.subjectId;
    if (q.site) filter['site'] = q.site;
    if (q.correlationId) filter['correlationId'] = q.correlationId;
    if (q.since) filter['at'] = { $gte: normalizeInstant(q.since, 'since') };
    const docs = await this.collection.find(filter, { sort: { seq: 1 }, limit: q.limit ?? 1000 });
    return docs.map((doc) => entryOf(doc));
  }

  /** Pages by storage key so an entry whose seq field was edited is still visited where it is stored. */
  private async *records(): AsyncGenerator<ChainRecord> {
    let after = `${this.chain}:`;
    for (;;) {
      const page = await this.collection.find(
        { chain: this.chain, _id: { $gt: after } },
        { sort: { _id: 1 }, limit: PAGE },
      );
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
