import type { KeyObject } from 'node:crypto';
import { verifyCheckpoint, type ChainBreak } from '@andon/governance/ledger';
import type { DocumentCollection } from '@andon/persistence';
import { entryId, type StoredEntry } from '../chain/chain-format';
import type { RangeVerification } from '../verify/range-verifier';
import type { WitnessDirectory } from './witness-directory';

/**
 * What the latest checkpoint says about the chain:
 * - ANCHORED: the chain holds the checkpointed hash at the checkpointed seq (and may go on).
 * - TRUNCATED: the head is below the checkpointed seq: entries were deleted from the end.
 * - DIVERGED: another hash sits at the checkpointed seq: entries were edited and the chain
 *   recomputed (or deleted and appended anew).
 * - CHECKPOINT_INVALID: the latest witness file does not verify with the configured keys.
 * - NO_CHECKPOINT: the witness holds none yet; NO_WITNESS: none is configured. Both leave
 *   tail truncation undetectable and say so.
 * - NOT_EVALUATED: the chain itself is broken; that verdict comes first.
 */
export type AnchorStatus =
  | 'ANCHORED'
  | 'TRUNCATED'
  | 'DIVERGED'
  | 'CHECKPOINT_INVALID'
  | 'NO_CHECKPOINT'
  | 'NO_WITNESS'
  | 'NOT_EVALUATED';

export interface AnchorReport {
  status: AnchorStatus;
  detail: string;
  /** the checkpoint the verdict used */
  checkpoint: { seq: number; hash: string; at: string; keyId: string; file: string } | null;
  /** entries after the checkpoint, not yet covered by one (ANCHORED only) */
  unanchoredEntries: number | null;
}

export type AnchoredVerification =
  | { ok: true; checked: number; lastSeq: number | null; headHash: string | null; anchor: AnchorReport }
  | {
      ok: false;
      checked: number;
      firstBadSeq: number;
      reason: ChainBreak | 'DIVERGED' | 'CHECKPOINT_INVALID';
      detail: string;
      anchor: AnchorReport;
    };

/** Older checkpoints looked at to narrow down where a rewrite starts. */
const DIVERGENCE_LOOKBACK = 64;

/** Judges a full-chain verification against the witness's latest checkpoint. */
export async function anchorVerdict(
  chainResult: RangeVerification,
  context: {
    docs: DocumentCollection<StoredEntry>;
    chain: string;
    witness: WitnessDirectory | null;
    publicKeys: ReadonlyMap<string, KeyObject>;
  },
): Promise<AnchoredVerification> {
  const { docs, chain, witness, publicKeys } = context;
  if (!witness) {
    return withAnchor(chainResult, {
      status: 'NO_WITNESS',
      detail:
        'no witness location configured (LEDGER_WITNESS_DIR): truncation and a recomputed chain cannot be detected',
      checkpoint: null,
      unanchoredEntries: null,
    });
  }
  const latest = await witness.latest(chain);
  if (!latest) {
    return withAnchor(chainResult, {
      status: 'NO_CHECKPOINT',
      detail: `no checkpoint of chain ${chain} in ${witness.dir} yet`,
      checkpoint: null,
      unanchoredEntries: null,
    });
  }
  if ('error' in latest) return invalid(chainResult, latest.file, latest.error);
  const cp = latest.checkpoint;
  const valid = verifyCheckpoint(cp, publicKeys);
  if (!valid.ok) return invalid(chainResult, latest.file, valid.message);
  const used = { seq: cp.seq, hash: cp.hash, at: cp.at, keyId: cp.keyId, file: latest.file };
  if (!chainResult.ok) {
    return {
      ...chainResult,
      anchor: {
        status: 'NOT_EVALUATED',
        detail: 'the chain is broken; see reason',
        checkpoint: used,
        unanchoredEntries: null,
      },
    };
  }
  const head = chainResult.lastSeq ?? 0;
  if (head < cp.seq) {
    const detail = `chain ends at seq ${head} but checkpoint ${cp.seq} (signed ${cp.at}) was made: ${cp.seq - head} entries were removed from the end`;
    return {
      ok: false,
      checked: chainResult.checked,
      firstBadSeq: head + 1,
      reason: 'TRUNCATED',
      detail,
      anchor: { status: 'TRUNCATED', detail, checkpoint: used, unanchoredEntries: null },
    };
  }
  const stored = await docs.get(entryId(chain, cp.seq));
  if (stored?.hash !== cp.hash) {
    const since = await lastMatchingCheckpoint(context, witness, cp.seq);
    const detail =
      `seq ${cp.seq} hashes to ${String(stored?.hash).slice(0, 12)}… but checkpoint ${cp.seq} (signed ${cp.at}) says ${cp.hash.slice(0, 12)}…: ` +
      `the chain was rewritten and recomputed in seq ${since + 1}..${cp.seq}` +
      (since > 0 ? ` (it still matches checkpoint ${since})` : '');
    return {
      ok: false,
      checked: chainResult.checked,
      firstBadSeq: since + 1,
      reason: 'DIVERGED',
      detail,
      anchor: { status: 'DIVERGED', detail, checkpoint: used, unanchoredEntries: null },
    };
  }
  const tail = head - cp.seq;
  return {
    ...chainResult,
    anchor: {
      status: 'ANCHORED',
      detail: `OK up to checkpoint ${cp.seq}; ${tail} entries after it not yet checkpointed`,
      checkpoint: used,
      unanchoredEntries: tail,
    },
  };
}

/** The newest earlier checkpoint the chain still matches (0: none); a valid chain matching it is original up to there. */
async function lastMatchingCheckpoint(
  context: {
    docs: DocumentCollection<StoredEntry>;
    chain: string;
    publicKeys: ReadonlyMap<string, KeyObject>;
  },
  witness: WitnessDirectory,
  below: number,
): Promise<number> {
  const seqs = (await witness.seqs(context.chain)).filter((seq) => seq < below).slice(0, DIVERGENCE_LOOKBACK);
  for (const seq of seqs) {
    const read = await witness.read(context.chain, seq);
    if ('error' in read || !verifyCheckpoint(read.checkpoint, context.publicKeys).ok) continue;
    const stored = await context.docs.get(entryId(context.chain, seq));
    if (stored?.hash === read.checkpoint.hash) return seq;
  }
  return 0;
}

function withAnchor(result: RangeVerification, anchor: AnchorReport): AnchoredVerification {
  return { ...result, anchor };
}

function invalid(chainResult: RangeVerification, file: string, message: string): AnchoredVerification {
  const detail = `latest checkpoint ${file} is not valid: ${message}`;
  return {
    ok: false,
    checked: chainResult.checked,
    firstBadSeq: chainResult.ok ? 0 : chainResult.firstBadSeq,
    reason: 'CHECKPOINT_INVALID',
    detail: chainResult.ok ? detail : `${detail}; also ${chainResult.reason}: ${chainResult.detail}`,
    anchor: { status: 'CHECKPOINT_INVALID', detail, checkpoint: null, unanchoredEntries: null },
  };
}
