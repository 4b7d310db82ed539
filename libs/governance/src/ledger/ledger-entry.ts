import { canonicalize } from '../canonical/canonical-json';
import { sha256Hex } from '../canonical/sha256';
import type { JsonValue } from '../model/json';

/** What the ledger records. New kinds are added here so every writer spells them alike. */
export const LEDGER_KINDS = [
  'action.proposed',
  'action.signed',
  'action.decided',
  'action.executed',
  'action.refused',
  'action.expired',
  'llm.call',
  'recommendation',
  'policy.activated',
  'policy.shadow_diff',
  'prompt.activated',
  'dlq.replayed',
  'document.published',
  'auth.reauthenticated',
  'shift.acknowledged',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const GENESIS_HASH = '0'.repeat(64);
const SEQ_WIDTH = 12;

export interface LedgerEntry {
  chain: string;
  seq: number;
  kind: LedgerKind;
  subjectId: string;
  /** site the subject belongs to; '' for enterprise-wide entries */
  site: string;
  /** ties the entry to the plant occurrence that caused it; '' if none */
  correlationId: string;
  /** ISO-8601 instant the entry was appended */
  at: string;
  payload: JsonValue;
  /** sha256(canonical(payload)) */
  payloadHash: string;
  /** hash of the entry before; GENESIS_HASH for seq 1 */
  prevHash: string;
  /** sha256(prevHash + canonical(header)) */
  hash: string;
}

/**
 * The stored document. The payload is kept as its canonical JSON text rather than as
 * a nested object: the bytes that were hashed are the bytes that are stored, whatever
 * a store does to numbers, key order or keys containing "." and "$".
 */
export interface LedgerDocument {
  _id: string;
  version: number;
  chain: string;
  seq: number;
  kind: string;
  subjectId: string;
  site: string;
  correlationId: string;
  at: string;
  payloadJson: string;
  payloadHash: string;
  prevHash: string;
  hash: string;
}

export function entryId(chain: string, seq: number): string {
  return `${chain}:${String(seq).padStart(SEQ_WIDTH, '0')}`;
}

export interface EntryHeader {
  chain: string;
  seq: number;
  kind: string;
  subjectId: string;
  site: string;
  correlationId: string;
  at: string;
  payloadHash: string;
}

/** The storage position a key stands for, or null when it is not a well-formed key of `chain`. */
export function seqFromId(chain: string, id: string): number | null {
  if (!id.startsWith(`${chain}:`)) return null;
  const seq = Number(id.slice(chain.length + 1));
  return Number.isInteger(seq) && seq > 0 && entryId(chain, seq) === id ? seq : null;
}

/**
 * canonicalize(header) for the eight header fields, as one JSON.stringify of an object
 * literal in JCS key order: for the strings and the integer seq a sealed header holds that
 * is exactly JCS (property-tested in services/audit-ledger chain-format.spec.ts), and
 * several times faster. A stored field of another type (tampering) simply yields another
 * hash. The one definition of the entry hash; audit-ledger's appender and range verifier
 * use it too.
 */
export function canonicalHeader(h: EntryHeader): string {
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

export function headerHash(prevHash: string, header: EntryHeader): string {
  return sha256Hex(prevHash + canonicalHeader(header));
}

/** What a caller appends: the chain, seq, time and hashes are the ledger's to set. */
export interface EntryFields {
  kind: LedgerKind;
  subjectId: string;
  site: string;
  correlationId: string;
  payload: unknown;
}

/** The last entry of a chain as a writer links onto it. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** A sealed entry as stored, before the store adds its document version. */
export type NewEntry = Omit<LedgerDocument, 'version'>;

/**
 * Links an entry onto `prev` (null: the first entry). The one definition of how an entry
 * is sealed: `_id = <chain>:<seq, 12 digits>`, payload kept as canonical JSON text,
 * payloadHash = sha256(payloadJson), hash = sha256(prevHash + canonical(header)).
 * Throws CanonicalizationError for a payload that is not plain JSON.
 */
export function sealEntry(
  chain: string,
  prev: ChainHead | null,
  fields: EntryFields,
  at: string,
  payloadJson = canonicalize(fields.payload),
): NewEntry {
  const header: EntryHeader = {
    chain,
    seq: (prev?.seq ?? 0) + 1,
    kind: fields.kind,
    subjectId: fields.subjectId,
    site: fields.site,
    correlationId: fields.correlationId,
    at,
    payloadHash: sha256Hex(payloadJson),
  };
  const prevHash = prev?.hash ?? GENESIS_HASH;
  return {
    _id: entryId(chain, header.seq),
    ...header,
    payloadJson,
    prevHash,
    hash: headerHash(prevHash, header),
  };
}

/** The entry as callers read it: the payload parsed (a tampered, non-JSON payload stays text). */
export function entryOf(doc: Omit<LedgerDocument, '_id' | 'version'> & { _id?: string }): LedgerEntry {
  return {
    chain: doc.chain,
    seq: doc.seq,
    kind: doc.kind as LedgerKind,
    subjectId: doc.subjectId,
    site: doc.site,
    correlationId: doc.correlationId,
    at: doc.at,
    payload: parsedPayload(doc.payloadJson),
    payloadHash: doc.payloadHash,
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
}

// A tampered payload may not even be JSON; keep it as a string so verification of an
// export reports the tampering instead of the exporter crashing.
function parsedPayload(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
