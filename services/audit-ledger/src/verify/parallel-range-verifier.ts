import type { Logger } from '@andon/observability';
import type { DocumentCollection, StoreLocation } from '@andon/persistence';
import { entryId, seqFromId, type StoredEntry } from '../chain/chain-format';
import { verifyRange, type RangeVerification, type SeqRange } from './range-verifier';
import type { SegmentWorkerPool } from './segment-worker-pool';

export interface ParallelVerifyOptions {
  /** Where a worker thread opens its own connection; absent: the calling thread does it all. */
  location: StoreLocation | undefined;
  /** Collection the chain lives in (opened by name in the worker). */
  collection: string;
  /** Verifies one segment per worker; the calling thread verifies one more. Absent: no workers. */
  pool: SegmentWorkerPool | undefined;
  /** Ranges shorter than this per segment are verified on the calling thread alone. */
  minSegment?: number;
  log?: Logger;
}

interface Segment {
  fromSeq: number;
  /** Undefined for the last segment: it reads to the end, exactly as a sequential walk. */
  toSeq?: number;
}

/** About 0.1 s of reading on the calling thread: shorter segments are not worth a message. */
const DEFAULT_MIN_SEGMENT = 10_000;

/**
 * verifyRange split into consecutive segments verified at the same time, one on the
 * calling thread and the others in worker threads with their own store connection. Each
 * segment after the first is anchored on the stored hash of the entry before it, and
 * that entry's hash is checked by the previous segment, so the chain is covered with no
 * seam. The verdict is the sequential one: the first failing segment in seq order names
 * the first bad seq, and `checked` counts what precedes it. Without a store location
 * (SQLite :memory:) or a pool the calling thread walks the whole range; a worker that
 * fails has its segment walked on the calling thread.
 */
export async function verifyRangeInParallel(
  docs: DocumentCollection<StoredEntry>,
  chain: string,
  range: SeqRange,
  options: ParallelVerifyOptions,
): Promise<RangeVerification> {
  const from = Math.max(1, range.fromSeq ?? 1);
  const last = range.toSeq ?? (await headSeq(docs, chain));
  const minSegment = Math.max(2, options.minSegment ?? DEFAULT_MIN_SEGMENT);
  const { location, pool } = options;
  if (!location || !pool || pool.size < 1 || last === null || last - from + 1 < 2 * minSegment)
    return verifyRange(docs, chain, range);

  const segments = split(
    from,
    last,
    Math.min(pool.size + 1, Math.floor((last - from + 1) / minSegment)),
    range.toSeq,
  );
  const [own, ...others] = segments;
  if (!own) return verifyRange(docs, chain, range);
  // Workers first: on SQLite this thread's first page is read before its first await.
  const remote = others.map((segment) =>
    pool.run({ location, collection: options.collection, chain, ...segment }).catch((err: unknown) => {
      options.log?.warn(
        { err, segment },
        'ledger verify worker failed; verifying its segment on this thread',
      );
      return verifyRange(docs, chain, segment);
    }),
  );
  const results = await Promise.all([verifyRange(docs, chain, own), ...remote]);
  return combine(segments, results);
}

/** The seq of the last entry stored under `chain`, or null for an empty chain or an unreadable key. */
async function headSeq(docs: DocumentCollection<StoredEntry>, chain: string): Promise<number | null> {
  const [head] = await docs.find(
    { _id: { $gte: entryId(chain, 1), $lt: `${chain};` } },
    { sort: { _id: -1 }, limit: 1 },
  );
  return head ? seqFromId(chain, head._id) : null;
}

function split(from: number, last: number, count: number, toSeq: number | undefined): Segment[] {
  const size = Math.ceil((last - from + 1) / count);
  const segments: Segment[] = [];
  for (let start = from; start <= last; start += size) {
    const end = Math.min(start + size - 1, last);
    segments.push(
      end === last
        ? { fromSeq: start, ...(toSeq === undefined ? {} : { toSeq }) }
        : { fromSeq: start, toSeq: end },
    );
  }
  return segments;
}

function combine(segments: readonly Segment[], results: readonly RangeVerification[]): RangeVerification {
  let checked = 0;
  let lastOk: Extract<RangeVerification, { ok: true }> | undefined;
  for (const [i, result] of results.entries()) {
    const segment = segments[i];
    if (!segment) break;
    if (!result.ok) return { ...result, checked: checked + result.checked };
    checked += result.checked;
    lastOk = result;
    // A segment with an end must reach it: missing entries at its tail are a gap.
    const isLast = i === results.length - 1;
    if (!isLast && segment.toSeq !== undefined && result.lastSeq !== segment.toSeq) {
      const missingFrom = (result.lastSeq ?? segment.fromSeq - 1) + 1;
      return {
        ok: false,
        checked,
        firstBadSeq: missingFrom,
        reason: 'GAP',
        detail: `seq ${missingFrom}${segment.toSeq > missingFrom ? `..${segment.toSeq}` : ''} missing`,
      };
    }
  }
  return lastOk && checked > 0
    ? { ...lastOk, checked }
    : { ok: true, checked: 0, lastSeq: null, headHash: null };
}
