import type { ApproverSignature as ProtoSignature } from '@andon/contracts';
import { approverSignatureToProto, type ApproverSignature as SignedApprover } from '@andon/governance/policy';
import type { StoredSignature } from './action-record';

/*
 * Approval's stored signatures onto the contract; the contract mapping itself (both
 * directions) lives in libs/governance so every verifier uses the same one.
 */

export function toSignedApprover(s: StoredSignature): SignedApprover {
  return {
    userId: s.userId,
    printedName: s.name,
    role: s.role,
    meaning: s.meaning,
    approved: s.approved,
    reason: s.reason,
    signedAt: s.signedAt,
    reauthenticatedAt: s.reauthenticatedAt,
    reauthMethod: s.reauthMethod,
  };
}

export function toProtoSignature(s: StoredSignature): ProtoSignature {
  return approverSignatureToProto(toSignedApprover(s));
}
