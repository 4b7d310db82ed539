import { Inject, Injectable } from '@nestjs/common';
import { ChainAppender, type LedgerKind } from '@andon/governance/ledger';
import type { DocumentCollection, Filter, FieldCondition } from '@andon/persistence';
import type { StoredEntry } from '../chain/chain-format';
import type { LedgerSettings } from '../config/ledger.config';
import { LEDGER_SETTINGS } from '../ledger.tokens';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1_000;

export interface EntryQuery {
  subjectId?: string;
  correlationId?: string;
  /** one site, or any of several (a caller scoped to sites) */
  site?: string | readonly string[];
  kind?: LedgerKind;
  /** ISO-8601 instant, inclusive */
  since?: string;
  /** ISO-8601 instant, exclusive */
  until?: string;
  /** entries with seq > afterSeq (paging) */
  afterSeq?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** One entry as the REST API and the console show it. */
export interface EntryView {
  seq: number;
  kind: string;
  subjectId: string;
  site: string;
  correlationId: string;
  recordedAt: string;
  hash: string;
  prevHash: string;
  payloadHash: string;
  payload: unknown;
}

/** Read side of the ledger: filters on indexed header fields, ordered by seq. */
@Injectable()
export class LedgerQuery {
  private readonly docs: DocumentCollection<StoredEntry>;
  readonly chain: string;

  constructor(
    appender: ChainAppender,
    @Inject(LEDGER_SETTINGS) config: Pick<LedgerSettings, 'LEDGER_CHAIN'>,
  ) {
    this.docs = appender.collection;
    this.chain = config.LEDGER_CHAIN;
  }

  find(q: EntryQuery): Promise<StoredEntry[]> {
    const filter: Filter = { chain: this.chain };
    if (q.subjectId) filter['subjectId'] = q.subjectId;
    if (q.correlationId) filter['correlationId'] = q.correlationId;
    if (typeof q.site === 'string') filter['site'] = q.site;
    else if (q.site) filter['site'] = { $in: [...q.site] };
    if (q.kind) filter['kind'] = q.kind;
    const at: Extract<FieldCondition, { $gte?: unknown }> = {};
    if (q.since) at.$gte = new Date(q.since).toISOString();
    if (q.until) at.$lt = new Date(q.until).toISOString();
    if (q.since || q.until) filter['at'] = at;
    if (q.afterSeq) filter['seq'] = { $gt: q.afterSeq };
    const direction = q.order === 'desc' ? -1 : 1;
    const limit = Math.min(Math.max(q.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    return this.docs.find(filter, { sort: { seq: direction, _id: direction }, limit });
  }
}

export function entryView(doc: StoredEntry): EntryView {
  return {
    seq: doc.seq,
    kind: doc.kind,
    subjectId: doc.subjectId,
    site: doc.site,
    correlationId: doc.correlationId,
    recordedAt: doc.at,
    hash: doc.hash,
    prevHash: doc.prevHash,
    payloadHash: doc.payloadHash,
    payload: parsePayload(doc.payloadJson),
  };
}

// A tampered payload may not be JSON any more; show it as text rather than fail the page.
function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
