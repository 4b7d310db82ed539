import { Ledger, LEDGER_COLLECTION, type ChainVerification, type LedgerKind } from '@andon/governance/ledger';
import type { DocumentStore } from '@andon/persistence';
import { ChainAppender } from '@andon/governance/ledger';
import { entryId } from '../chain-format';
import { verifyRangeInParallel } from '../../verify/parallel-range-verifier';
import { SegmentWorkerPool } from '../../verify/segment-worker-pool';
import { verifyRange, type RangeVerification } from '../../verify/range-verifier';

export const CHAIN = 'main';

/** A chain of `n` action entries written by the service's appender on a ticking clock. */
export async function writeChain(store: DocumentStore, n: number): Promise<ChainAppender> {
  let tick = Date.parse('2025-06-02T10:00:00.000Z');
  const appender = await ChainAppender.open(store, { chain: CHAIN, now: () => new Date((tick += 1_000)) });
  const kinds: LedgerKind[] = ['action.proposed', 'action.decided', 'action.executed'];
  await appender.append(
    Array.from({ length: n }, (_, i) => ({
      kind: kinds[i % 3] ?? 'action.proposed',
      subjectId: `act-${Math.floor(i / 3)}`,
      site: i % 2 ? 'plant-a' : 'plant-b',
      correlationId: `corr-${Math.floor(i / 3)}`,
      payload: { i, lot: 'LOT-A1-00001', note: 'bores 12.31 mm, 12.29 mm' },
    })),
  );
  return appender;
}

export const id = (seq: number): string => entryId(CHAIN, seq);

/**
 * The service's verdict next to the governance lib's, over the whole chain, and the
 * service's verdict again from the parallel verifier: two worker threads on their own
 * connections plus this thread, in segments of a few entries so seams fall inside the
 * scenarios' damage.
 */
export async function bothVerdicts(
  store: DocumentStore,
  appender: ChainAppender,
): Promise<{ service: RangeVerification; lib: ChainVerification; parallel: RangeVerification }> {
  const lib = await (await Ledger.open(store, { chain: CHAIN })).verify();
  const pool = new SegmentWorkerPool(2);
  const parallel = await verifyRangeInParallel(
    appender.collection,
    CHAIN,
    {},
    { location: store.location, collection: LEDGER_COLLECTION, pool, minSegment: 3 },
  ).finally(() => pool.close());
  return { service: await verifyRange(appender.collection, CHAIN), lib, parallel };
}

/** A verdict without its prose, for comparing the parallel and sequential walks. */
export function verdictOf(v: RangeVerification): Omit<RangeVerification, 'detail'> {
  if (v.ok) return v;
  const { detail: _detail, ...rest } = v;
  return rest;
}
