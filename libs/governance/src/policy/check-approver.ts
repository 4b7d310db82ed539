import type { Role } from '../auth/role';
import { identityProblems, type Signer } from './assess-approval';
import { evaluate } from './evaluate';
import type { Approval, Ineligibility, PolicyAction, PolicySet } from './policy-types';

export type ApproverCheck =
  { allowed: true; needed: string[] } | { allowed: false; reasons: Ineligibility[] };

/**
 * Asked by the API before it shows a sign button or accepts a signature: may this
 * person sign this action now (in the capacity `signAs`, if given), and if not, why
 * not. Signature-level conditions (re-authentication, reason) are checked when the
 * signature arrives.
 */
export function checkApprover(
  policySet: PolicySet,
  action: PolicyAction,
  signer: Signer,
  approvals: readonly Approval[],
  now: Date,
  signAs?: Role,
): ApproverCheck {
  const current = evaluate(policySet, action, approvals, now);
  if (current.policy === null) {
    return {
      allowed: false,
      reasons: current.ignored[0]?.reasons ?? [
        { code: 'NO_MATCHING_RULE', message: current.reasons[0] ?? '' },
      ],
    };
  }
  switch (current.state) {
    case 'auto_approved':
      return {
        allowed: false,
        reasons: [
          { code: 'NO_SIGNATURE_NEEDED', message: `rule ${current.policy.id} approves automatically` },
        ],
      };
    case 'expired':
      return {
        allowed: false,
        reasons: [{ code: 'EXPIRED', message: `the action expired at ${current.expiresAt}` }],
      };
    case 'approved':
    case 'rejected':
      return {
        allowed: false,
        reasons: [{ code: 'DECISION_FINAL', message: `the action is already ${current.state}` }],
      };
    case 'pending':
      break;
  }
  // pending always comes from a rule with human requirements
  const requirements = current.requirements;
  if (!requirements)
    return {
      allowed: false,
      reasons: [{ code: 'NO_SIGNATURE_NEEDED', message: 'no signatures are needed' }],
    };
  const signedBy = new Set(current.counted.map((a) => a.userId));
  const reasons = identityProblems(requirements, action, signer, signedBy, signAs);
  return reasons.length > 0 ? { allowed: false, reasons } : { allowed: true, needed: current.needed };
}
