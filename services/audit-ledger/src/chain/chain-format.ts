import { hash } from 'node:crypto';
import { canonicalHeader, canonicalize, entryId, GENESIS_HASH, headerHash, seqFromId, type LedgerKind } from '@andon/governance';

/*
 * The storage format of libs/governance's Ledger (docs/adr/0006 §4), written and read
 * here without its one-append-per-round-trip path: `_id = <chain>:<seq, 12 digits>`,
 * payload kept as canonical JSON text, payloadHash = sha256(payloadJson), hash =
 * sha256(prevHash + canonical(header)). The lib's own Ledger.verify() reads what this
 * writes (chain-format.spec.ts and the store int-spec check both directions), so the two
 * cannot drift apart unnoticed.
 */

export interface StoredEntry {
  _id: string;
  version: number;
  chain: string;
  seq: number;
  kind: string;
  subjectId: string;
  site: string;
  correlationId: string;
  /** ISO-8601 instant the entry was appended */
  at: string;
  payloadJson: string;
  payloadHash: string;
  prevHash: string;
  hash: string;
}

export type NewEntry = Omit<StoredEntry, 'version'>;

export interface EntryFields {
  kind: LedgerKind;
  subjectId: string;
  site: string;
  correlationId: string;
  payload: unknown;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

// One definition of keys and the entry hash, in libs/governance (issue 16: it was written twice).
export { entryId, seqFromId, canonicalHeader, headerHash };

/** One-shot sha256 (hex); node's crypto.hash skips the Hash object createHash builds. */
export function sha256(text: string): string {
  return hash('sha256', text);
}

type HeaderFields = Pick<StoredEntry, 'chain' | 'seq' | 'kind' | 'subjectId' | 'site' | 'correlationId' | 'at' | 'payloadHash'>;

/** Links an entry onto `prev` (null = first entry); throws CanonicalizationError for a non-JSON payload. */
export function sealEntry(chain: string, prev: ChainHead | null, fields: EntryFields, at: string, payloadJson = canonicalize(fields.payload)): NewEntry {
  const seq = (prev?.seq ?? 0) + 1;
  const header: HeaderFields = {
    chain,
    seq,
    kind: fields.kind,
    subjectId: fields.subjectId,
    site: fields.site,
    correlationId: fields.correlationId,
    at,
    payloadHash: sha256(payloadJson),
  };
  const prevHash = prev?.hash ?? GENESIS_HASH;
  return { _id: entryId(chain, seq), ...header, payloadJson, prevHash, hash: headerHash(prevHash, header) };
}
