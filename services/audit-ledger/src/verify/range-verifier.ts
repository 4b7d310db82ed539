import { GENESIS_HASH, type ChainBreak } from '@andon/governance';
import type { DocumentCollection } from '@andon/persistence';
import { entryId, headerHash, seqFromId, sha256, type StoredEntry } from '../chain/chain-format';

export interface SeqRange {
  /** first seq to check (default 1) */
  fromSeq?: number;
  /** last seq to check (default: the head) */
  toSeq?: number;
}

export type RangeVerification =
  | { ok: true; checked: number; lastSeq: number | null; headHash: string | null }
  | { ok: false; checked: number; firstBadSeq: number; reason: ChainBreak; detail: string };

const PAGE = 2_000;

export interface EntryProblem {
  seq: number;
  reason: ChainBreak;
  detail: string;
}

/**
 * The rules one stored entry must meet to be position `expected` after an entry hashing
 * to `prevHash`; null when it does. Shared by range verification, the publisher and the
 * checkpointer, so what is published and signed is exactly what verifies.
 */
export function checkEntry(doc: StoredEntry, chain: string, expected: number, prevHash: string): EntryProblem | null {
  const position = seqFromId(chain, doc._id);
  if (position === null || doc.chain !== chain || doc.seq !== position) {
    return { seq: position ?? expected, reason: 'OUT_OF_ORDER', detail: `entry for chain ${String(doc.chain)} seq ${String(doc.seq)} is stored at ${doc._id}` };
  }
  if (position !== expected) {
    return { seq: expected, reason: 'GAP', detail: `seq ${expected}${position - 1 > expected ? `..${position - 1}` : ''} missing; next present is ${position}` };
  }
  if (typeof doc.payloadJson !== 'string' || sha256(doc.payloadJson) !== doc.payloadHash) {
    return { seq: position, reason: 'PAYLOAD_TAMPERED', detail: `payload of seq ${position} does not match its payloadHash` };
  }
  if (doc.prevHash !== prevHash) {
    return { seq: position, reason: 'LINK_BROKEN', detail: `seq ${position} links to ${String(doc.prevHash).slice(0, 12)}…, previous entry hashes to ${prevHash.slice(0, 12)}…` };
  }
  if (headerHash(doc.prevHash, doc) !== doc.hash) {
    return { seq: position, reason: 'HASH_MISMATCH', detail: `header of seq ${position} does not hash to its stored hash` };
  }
  return null;
}

/**
 * Walks a range of the chain by storage key and names the first broken seq, with the
 * same rules and reasons as the governance Ledger.verify() (which only walks the whole
 * chain): the entry is stored at its own position, no seq is missing, the payload still
 * hashes to payloadHash, prevHash is the previous entry's hash, the header hashes to
 * hash. A range starting after seq 1 is anchored on the stored hash of the entry before
 * it. Reading by _id keeps every page a primary-key range scan on both stores.
 */
export async function verifyRange(docs: DocumentCollection<StoredEntry>, chain: string, range: SeqRange = {}): Promise<RangeVerification> {
  const from = Math.max(1, range.fromSeq ?? 1);
  const to = range.toSeq;
  let checked = 0;
  const broken = (seq: number, reason: ChainBreak, detail: string): RangeVerification => ({ ok: false, checked, firstBadSeq: seq, reason, detail });
  if (to !== undefined && to < from) return { ok: true, checked: 0, lastSeq: null, headHash: null };

  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const before = await docs.get(entryId(chain, from - 1));
    if (!before) return broken(from - 1, 'GAP', `seq ${from - 1}, the anchor of the range, is missing`);
    prevHash = before.hash;
  }

  let expected = from;
  let lower: { $gte: string } | { $gt: string } = { $gte: entryId(chain, from) };
  const upper = to === undefined ? { $lt: `${chain};` } : { $lte: entryId(chain, to) };
  for (;;) {
    const page = await docs.find({ _id: { ...lower, ...upper } }, { sort: { _id: 1 }, limit: PAGE });
    for (const doc of page) {
      const problem = checkEntry(doc, chain, expected, prevHash);
      if (problem) return broken(problem.seq, problem.reason, problem.detail);
      prevHash = doc.hash;
      expected++;
      checked++;
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    lower = { $gt: last._id };
  }
  return { ok: true, checked, lastSeq: checked === 0 ? null : expected - 1, headHash: checked === 0 ? null : prevHash };
}
