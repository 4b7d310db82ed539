import { canonicalize } from '../canonical/canonical-json';
import { sha256Hex } from '../canonical/sha256';
import { GENESIS_HASH, headerHash, seqFromId } from './ledger-entry';

/** One position of the chain as found in storage or in an export. */
export interface ChainRecord {
  /** the storage key it was found under (export lines have none) */
  id?: string;
  chain: string;
  seq: number;
  kind: string;
  subjectId: string;
  site: string;
  correlationId: string;
  at: string;
  /** canonical JSON text of the payload */
  payloadJson: string;
  payloadHash: string;
  prevHash: string;
  hash: string;
}

export type ChainBreak =
  /** the payload no longer hashes to payloadHash */
  | 'PAYLOAD_TAMPERED'
  /** the header (seq, kind, subject, time, payloadHash) no longer hashes to hash */
  | 'HASH_MISMATCH'
  /** prevHash does not equal the hash of the entry before */
  | 'LINK_BROKEN'
  /** a sequence number is missing */
  | 'GAP'
  /** an entry sits at a position (or in a chain) it does not belong to */
  | 'OUT_OF_ORDER'
  /** the chain is shorter than, or differs from, a previously recorded head */
  | 'TRUNCATED';

export type ChainVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; entries: number; brokenAt: number; reason: ChainBreak; detail: string };

/** A head recorded earlier (e.g. in a signed checkpoint or another system); catches tail truncation. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/** A position as stored (`_id`) or as read through the lib (`id`); an export line has neither. */
export type EntryToCheck = Omit<ChainRecord, 'id'> & { id?: string; _id?: string };

export interface EntryProblem {
  seq: number;
  reason: ChainBreak;
  detail: string;
}

/**
 * The rules one entry must meet to be position `expected` after an entry hashing to
 * `prevHash`; null when it does: it is stored at its own position, no seq is missing, the
 * payload still hashes to payloadHash, prevHash is the previous entry's hash and the header
 * hashes to hash. The one definition of a sound entry: whole-chain and export verification
 * here, audit-ledger's range verifier, publisher and checkpointer all ask it.
 */
export function checkEntry(
  r: EntryToCheck,
  chain: string,
  expected: number,
  prevHash: string,
): EntryProblem | null {
  const key = r._id ?? r.id;
  const position = key !== undefined ? seqFromId(chain, key) : r.seq;
  if (position === null || r.chain !== chain || r.seq !== position) {
    return {
      seq: position ?? expected,
      reason: 'OUT_OF_ORDER',
      detail: `entry for chain ${String(r.chain)} seq ${String(r.seq)} is stored at ${key ?? `position ${expected}`}`,
    };
  }
  if (position > expected) {
    return {
      seq: expected,
      reason: 'GAP',
      detail: `seq ${expected}${position - 1 > expected ? `..${position - 1}` : ''} missing; next present is ${position}`,
    };
  }
  if (position < expected)
    return {
      seq: position,
      reason: 'OUT_OF_ORDER',
      detail: `seq ${position} appears after seq ${expected - 1}`,
    };
  if (typeof r.payloadJson !== 'string' || sha256Hex(r.payloadJson) !== r.payloadHash) {
    return {
      seq: position,
      reason: 'PAYLOAD_TAMPERED',
      detail: `payload of seq ${position} does not match its payloadHash`,
    };
  }
  if (r.prevHash !== prevHash) {
    return {
      seq: position,
      reason: 'LINK_BROKEN',
      detail: `seq ${position} links to ${String(r.prevHash).slice(0, 12)}…, previous entry hashes to ${prevHash.slice(0, 12)}…`,
    };
  }
  if (headerHash(r.prevHash, r) !== r.hash) {
    return {
      seq: position,
      reason: 'HASH_MISMATCH',
      detail: `header of seq ${position} does not hash to its stored hash`,
    };
  }
  return null;
}

/**
 * Walks records in order and reports the first break. Works the same on a live store
 * and on an exported file, so an auditor can check an export without database access.
 */
export async function verifyChain(
  chain: string,
  records: AsyncIterable<ChainRecord> | Iterable<ChainRecord>,
  anchor?: ChainAnchor,
): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const broken = (seq: number, reason: ChainBreak, detail: string): ChainVerification => ({
    ok: false,
    entries: count,
    brokenAt: seq,
    reason,
    detail,
  });

  for await (const r of records) {
    const problem = checkEntry(r, chain, expectedSeq, prevHash);
    if (problem) return broken(problem.seq, problem.reason, problem.detail);
    if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash) {
      return broken(
        r.seq,
        'TRUNCATED',
        `seq ${r.seq} differs from the anchored head; the chain was rewritten from here or earlier`,
      );
    }
    prevHash = r.hash;
    expectedSeq++;
    count++;
  }
  if (anchor && count < anchor.seq) {
    return broken(count + 1, 'TRUNCATED', `chain ends at seq ${count} but seq ${anchor.seq} was anchored`);
  }
  return { ok: true, entries: count, head: count === 0 ? null : { seq: count, hash: prevHash } };
}

/** Re-derives the stored text from an exported entry's payload (exports carry it parsed). */
export function payloadJsonOf(payload: unknown): string {
  return canonicalize(payload);
}
