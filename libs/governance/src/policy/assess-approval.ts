import { hasLine, hasSite } from '../auth/principal';
import type { Role } from '../auth/role';
import { parseInstant } from '../model/iso-time';
import type { Approval, Ineligibility, PolicyAction, RuleRequirements } from './policy-types';

export interface Signer {
  userId: string;
  roles: readonly Role[];
  sites: readonly string[];
  /** the signer's line scope; absent = every line of their sites */
  lines?: readonly string[] | undefined;
}

/**
 * Who may sign at all: separation of duties, role and site scope. With `signAs` the
 * check is for signing in that capacity; without it, for any role the signer holds.
 */
export function identityProblems(
  req: RuleRequirements,
  action: PolicyAction,
  signer: Signer,
  earlierSigners: ReadonlySet<string>,
  signAs?: Role,
): Ineligibility[] {
  const problems: Ineligibility[] = [];
  if (signer.userId === action.proposedBy) {
    problems.push({
      code: 'PROPOSER_CANNOT_SIGN',
      message: `${signer.userId} proposed this action and cannot sign it (separation of duties)`,
    });
  }
  if (earlierSigners.has(signer.userId)) {
    problems.push({
      code: 'ALREADY_SIGNED',
      message: `${signer.userId} has already signed this action; approvers must be distinct people`,
    });
  }
  if (signAs !== undefined && !signer.roles.includes(signAs)) {
    problems.push({
      code: 'ROLE_NOT_HELD',
      message: `${signer.userId} does not hold the role ${signAs} they signed as`,
    });
  }
  if (signAs !== undefined && !req.roles.includes(signAs)) {
    problems.push({
      code: 'ROLE_NOT_PERMITTED',
      message: `${signAs} may not sign this action (allowed: ${req.roles.join(', ')})`,
    });
  }
  if (signAs === undefined && !signer.roles.some((role) => req.roles.includes(role))) {
    problems.push({
      code: 'ROLE_NOT_PERMITTED',
      message: `${signer.userId} holds none of the roles allowed to sign (${req.roles.join(', ')})`,
    });
  }
  if (!hasSite(signer, action.site)) {
    problems.push({
      code: 'SITE_OUT_OF_SCOPE',
      message: `${signer.userId} is not scoped to site ${action.site}`,
    });
  } else if (!hasLine(signer, action.site, action.line)) {
    problems.push({
      code: 'LINE_OUT_OF_SCOPE',
      message: action.line
        ? `${signer.userId} is scoped to lines ${signer.lines?.join(', ')}, not ${action.site}/${action.line}`
        : `${signer.userId} is scoped to lines ${signer.lines?.join(', ')} and this action is not tied to a line`,
    });
  }
  return problems;
}

/** Whether this particular signature was made properly: in time, re-authenticated, with a reason. */
export function signatureProblems(
  req: RuleRequirements,
  action: PolicyAction,
  approval: Approval,
  deadlineMs: number,
  nowMs: number,
): Ineligibility[] {
  const problems: Ineligibility[] = [];
  const signedAt = parseInstant(approval.signedAt, 'signedAt');
  if (signedAt < parseInstant(action.proposedAt, 'proposedAt')) {
    problems.push({
      code: 'SIGNED_BEFORE_PROPOSAL',
      message: `signature by ${approval.userId} predates the proposal`,
    });
  }
  if (signedAt >= deadlineMs) {
    problems.push({
      code: 'SIGNED_AFTER_EXPIRY',
      message: `signature by ${approval.userId} came after the action expired`,
    });
  }
  if (signedAt > nowMs) {
    problems.push({
      code: 'SIGNED_IN_FUTURE',
      message: `signature by ${approval.userId} is dated in the future`,
    });
  }
  const needsReason = req.reasonRequired || !approval.approved;
  if (needsReason && approval.reason.trim() === '') {
    problems.push({ code: 'REASON_MISSING', message: `signature by ${approval.userId} has no reason` });
  }
  // A rejection only ever stops an action, so it is not held to the re-authentication bar.
  if (req.reauthenticationMaxAgeMs !== null && approval.approved) {
    if (approval.reauthenticatedAt === null) {
      problems.push({
        code: 'REAUTH_MISSING',
        message: `${approval.userId} did not re-authenticate before signing`,
      });
    } else {
      const reauthAt = parseInstant(approval.reauthenticatedAt, 'reauthenticatedAt');
      if (reauthAt > signedAt || signedAt - reauthAt > req.reauthenticationMaxAgeMs) {
        problems.push({
          code: 'REAUTH_STALE',
          message: `${approval.userId} re-authenticated ${Math.round((signedAt - reauthAt) / 1000)}s before signing; at most ${req.reauthenticationMaxAgeMs / 1000}s allowed`,
        });
      }
    }
  }
  return problems;
}
