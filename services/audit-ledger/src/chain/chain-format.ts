import { hash } from 'node:crypto';
import { canonicalize, GENESIS_HASH, type LedgerKind } from '@andon/governance';

/*
 * The storage format of libs/governance's Ledger (docs/adr/0006 §4), written and read
 * here without its one-append-per-round-trip path: `_id = <chain>:<seq, 12 digits>`,
 * payload kept as canonical JSON text, payloadHash = sha256(payloadJson), hash =
 * sha256(prevHash + canonical(header)). The lib's own Ledger.verify() reads what this
 * writes (chain-format.spec.ts and the store int-spec check both directions), so the two
 * cannot drift apart unnoticed.
 */

const SEQ_WIDTH = 12;

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

export function entryId(chain: string, seq: number): string {
  return `${chain}:${String(seq).padStart(SEQ_WIDTH, '0')}`;
}

/** The seq a storage key stands for, or null when it is not a well-formed key of `chain`. */
export function seqFromId(chain: string, id: string): number | null {
  if (!id.startsWith(`${chain}:`)) return null;
  const seq = Number(id.slice(chain.length + 1));
  return Number.isInteger(seq) && seq > 0 && entryId(chain, seq) === id ? seq : null;
}

/** One-shot sha256 (hex); node's crypto.hash skips the Hash object createHash builds. */
export function sha256(text: string): string {
  return hash('sha256', text);
}

type HeaderFields = Pick<StoredEntry, 'chain' | 'seq' | 'kind' | 'subjectId' | 'site' | 'correlationId' | 'at' | 'payloadHash'>;

/**
 * canonicalize(header) for the eight header fields: an object literal in JCS key order,
 * so one JSON.stringify call; for the strings and the integer seq a sealed header holds,
 * that is exactly JCS. A stored field of another type (tampering) simply yields another
 * hash.
 */
export function canonicalHeader(h: HeaderFields): string {
  return JSON.stringify({
    at: h.at,
    chain: h.chain,
    correlationId: h.correlationId,
    kind: h.kind,
    payloadHash: h.payloadHash,
    seq: h.seq,
    site: h.site,
    subjectId: h.subjectId,
  });
}

export function headerHash(prevHash: string, h: HeaderFields): string {
  return sha256(prevHash + canonicalHeader(h));
}

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
