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
  const broken = (seq: number, reason: ChainBreak, detail: string): ChainVerification => ({ ok: false, entries: count, brokenAt: seq, reason, detail });

  for await (const r of records) {
    const position = r.id !== undefined ? seqFromId(chain, r.id) : r.seq;
    if (position === null || r.chain !== chain || r.seq !== position) {
      return broken(position ?? expectedSeq, 'OUT_OF_ORDER', `entry for chain ${r.chain} seq ${r.seq} is stored at ${r.id ?? `position ${expectedSeq}`}`);
    }
    if (position !== expectedSeq) {
      return position > expectedSeq
        ? broken(expectedSeq, 'GAP', `seq ${expectedSeq}${position - 1 > expectedSeq ? `..${position - 1}` : ''} missing; next present is ${position}`)
        : broken(position, 'OUT_OF_ORDER', `seq ${position} appears after seq ${expectedSeq - 1}`);
    }
    if (sha256Hex(r.payloadJson) !== r.payloadHash) {
      return broken(r.seq, 'PAYLOAD_TAMPERED', `payload of seq ${r.seq} does not match its payloadHash`);
    }
    if (r.prevHash !== prevHash) {
      return broken(r.seq, 'LINK_BROKEN', `seq ${r.seq} links to ${r.prevHash.slice(0, 12)}…, previous entry hashes to ${prevHash.slice(0, 12)}…`);
    }
    if (headerHash(r.prevHash, r) !== r.hash) {
      return broken(r.seq, 'HASH_MISMATCH', `header of seq ${r.seq} does not hash to its stored hash`);
    }
    if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash) {
      return broken(r.seq, 'TRUNCATED', `seq ${r.seq} differs from the anchored head; the chain was rewritten from here or earlier`);
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
