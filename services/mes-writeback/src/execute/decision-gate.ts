import type { KeyObject } from 'node:crypto';
import { RefusalReason, type Decision, type ProposedAction } from '@andon/contracts';
import {
  actionForHash,
  decisionForSigningFromProto,
  verifyDecision,
  type SignedDecision,
} from '@andon/governance/policy';

/**
 * Why the adapter would not act. `code` is finer than the contract's RefusalReason: the
 * contract has no value for a dry run (it is not a verdict on the decision), so that one
 * travels as UNSPECIFIED; every detail text starts with its code.
 */
export type RefusalCode =
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'HASH_MISMATCH'
  | 'EXPIRED'
  | 'REPLAYED'
  | 'NOT_APPROVED'
  | 'POLICY_VERSION'
  | 'DRY_RUN';

export interface Refusal {
  code: RefusalCode;
  reason: RefusalReason;
  detail: string;
}

const REASONS: Readonly<Record<RefusalCode, RefusalReason>> = {
  BAD_SIGNATURE: RefusalReason.BAD_SIGNATURE,
  UNKNOWN_KEY: RefusalReason.UNKNOWN_KEY,
  HASH_MISMATCH: RefusalReason.HASH_MISMATCH,
  EXPIRED: RefusalReason.EXPIRED,
  REPLAYED: RefusalReason.REPLAYED,
  NOT_APPROVED: RefusalReason.NOT_APPROVED,
  POLICY_VERSION: RefusalReason.POLICY_VERSION,
  DRY_RUN: RefusalReason.UNSPECIFIED,
};

export function refusal(code: RefusalCode, message: string): Refusal {
  return { code, reason: REASONS[code], detail: `${code}: ${message}` };
}

export interface GatePolicy {
  publicKeys: ReadonlyMap<string, KeyObject>;
  acceptedPolicyVersions: readonly string[];
}

/**
 * What can be decided from the decision alone, cheapest-to-forge first: the signature (and
 * key) before the outcome, the outcome before the policy version. Nothing here trusts an
 * unsigned field.
 */
export function checkDecision(
  decision: Decision,
  policy: GatePolicy,
): { ok: true; signed: SignedDecision } | { ok: false; refusal: Refusal } {
  let signed: SignedDecision;
  try {
    signed = decisionForSigningFromProto(decision);
  } catch (err) {
    return {
      ok: false,
      refusal: refusal('BAD_SIGNATURE', `nothing valid signs this decision: ${(err as Error).message}`),
    };
  }
  const verified = verifyDecision(signed.signed, signed.signature, policy.publicKeys);
  if (!verified.ok) return { ok: false, refusal: refusal(verified.code, verified.message) };
  const { outcome, policy: used } = signed.signed;
  if (outcome === 'expired')
    return {
      ok: false,
      refusal: refusal('EXPIRED', 'the approval service expired the action before it was approved'),
    };
  if (outcome !== 'approved' && outcome !== 'auto_approved')
    return { ok: false, refusal: refusal('NOT_APPROVED', `decision outcome is ${outcome}`) };
  if (!policy.acceptedPolicyVersions.includes(used.version)) {
    return {
      ok: false,
      refusal: refusal(
        'POLICY_VERSION',
        `decided under policy ${used.id}@${used.version}; accepted versions are ${policy.acceptedPolicyVersions.join(', ')}`,
      ),
    };
  }
  return { ok: true, signed };
}

/**
 * Binds the verified decision to the action this adapter stored: same hash, nobody sent a
 * different version of the action, and neither the decision nor the action has expired.
 */
export function checkAction(
  signed: SignedDecision,
  stored: { action: ProposedAction; otherHashes: readonly string[] },
  policy: GatePolicy,
  now: Date,
): Refusal | null {
  if (stored.otherHashes.length > 0) {
    return refusal(
      'HASH_MISMATCH',
      `action ${stored.action.actionId} arrived in ${stored.otherHashes.length + 1} different versions; actions are immutable`,
    );
  }
  let bound;
  try {
    bound = actionForHash(stored.action);
  } catch (err) {
    return refusal('HASH_MISMATCH', `stored action cannot be hashed: ${(err as Error).message}`);
  }
  const verified = verifyDecision(signed.signed, signed.signature, policy.publicKeys, { action: bound, now });
  return verified.ok ? null : refusal(verified.code, verified.message);
}
