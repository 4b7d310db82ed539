import { checkEntry, GENESIS_HASH, type ChainBreak } from '@andon/governance/ledger';
import type { DocumentCollection } from '@andon/persistence';
import { entryId, type StoredEntry } from '../chain/chain-format';

// The rules of a sound entry are the lib's; callers of this module import them from here.
export { checkEntry, type EntryProblem } from '@andon/governance/ledger';

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

/**
 * Walks a range of the chain by storage key and names the first broken seq, with the
 * same rules and reasons as the governance Ledger.verify() (which only walks the whole
 * chain): the entry is stored at its own position, no seq is missing, the payload still
 * hashes to payloadHash, prevHash is the previous entry's hash, the header hashes to
 * hash. A range starting after seq 1 is anchored on the stored hash of the entry before
 * it. Reading by _id keeps every page a primary-key range scan on both stores.
 */
export async function verifyRange(
  docs: DocumentCollection<StoredEntry>,
  chain: string,
  range: SeqRange = {},
): Promise<RangeVerification> {
  const from = Math.max(1, range.fromSeq ?? 1);
  const to = range.toSeq;
  let checked = 0;
  const broken = (seq: number, reason: ChainBreak, detail: string): RangeVerification => ({
    ok: false,
    checked,
    firstBadSeq: seq,
    reason,
    detail,
  });
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
  return {
    ok: true,
    checked,
    lastSeq: checked === 0 ? null : expected - 1,
    headHash: checked === 0 ? null : prevHash,
  };
}
