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

export function headerHash(prevHash: string, header: EntryHeader): string {
  const bound = {
    chain: header.chain,
    seq: header.seq,
    kind: header.kind,
    subjectId: header.subjectId,
    site: header.site,
    correlationId: header.correlationId,
    at: header.at,
    payloadHash: header.payloadHash,
  };
  return sha256Hex(prevHash + canonicalize(bound));
}

/** Builds a linked entry; throws CanonicalizationError if the payload is not plain JSON. */
export function sealEntry(
  prev: { seq: number; hash: string } | null,
  fields: { chain: string; kind: LedgerKind; subjectId: string; site: string; correlationId: string; at: string; payload: unknown },
): { entry: LedgerEntry; payloadJson: string } {
  const payloadJson = canonicalize(fields.payload);
  const header: EntryHeader = {
    chain: fields.chain,
    seq: (prev?.seq ?? 0) + 1,
    kind: fields.kind,
    subjectId: fields.subjectId,
    site: fields.site,
    correlationId: fields.correlationId,
    at: fields.at,
    payloadHash: sha256Hex(payloadJson),
  };
  const prevHash = prev?.hash ?? GENESIS_HASH;
  const entry: LedgerEntry = { ...header, kind: fields.kind, payload: JSON.parse(payloadJson) as JsonValue, prevHash, hash: headerHash(prevHash, header) };
  return { entry, payloadJson };
}
