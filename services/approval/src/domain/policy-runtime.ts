import { Inject, Injectable } from '@nestjs/common';
import {
  checkApprover,
  compareShadow,
  evaluate,
  type Approval,
  type ApproverCheck,
  type LoadedPolicies,
  type PolicyAction,
  type PolicyEvaluation,
  type PolicyRule,
  type RuleRequirements,
} from '@andon/governance/policy';
import { type Role } from '@andon/governance/auth';
import { APPROVAL_POLICIES } from '../approval.tokens';
import type { ActionRecord, ShadowRecord, StoredSignature } from './action-record';

export function approvalOf(s: StoredSignature): Approval {
  return {
    userId: s.userId,
    role: s.role,
    roles: s.roles,
    sites: s.sites,
    ...(s.lines ? { lines: s.lines } : {}),
    approved: s.approved,
    meaning: s.meaning,
    reason: s.reason,
    signedAt: s.signedAt,
    reauthenticatedAt: s.reauthenticatedAt,
  };
}

export function policyActionOfRecord(record: ActionRecord): PolicyAction {
  return {
    actionId: record._id,
    actionType: record.actionType,
    riskClass: record.riskClass,
    site: record.site,
    line: record.line,
    product: record.product,
    proposedBy: record.proposedBy,
    proposedAt: record.proposedAt,
    // the action's own expiry; evaluate() combines it with the rule's
    expiresAt: record.actionExpiresAt,
  };
}

/**
 * The loaded policy versions and the questions the service asks of them. Every call
 * evaluates the active version; the shadow version is only ever compared.
 */
@Injectable()
export class PolicyRuntime {
  constructor(@Inject(APPROVAL_POLICIES) private readonly policies: LoadedPolicies) {}

  get activeVersion(): string {
    return this.policies.active.version;
  }

  get shadowVersion(): string | null {
    return this.policies.shadow?.version ?? null;
  }

  evaluate(action: PolicyAction, signatures: readonly StoredSignature[], now: Date): PolicyEvaluation {
    return evaluate(this.policies.active, action, signatures.map(approvalOf), now);
  }

  checkSigner(
    action: PolicyAction,
    signer: { userId: string; roles: Role[]; sites: string[]; lines?: string[] | undefined },
    signatures: readonly StoredSignature[],
    now: Date,
    signAs?: Role,
  ): ApproverCheck {
    return checkApprover(this.policies.active, action, signer, signatures.map(approvalOf), now, signAs);
  }

  /** null when no shadow version is configured. */
  shadow(action: PolicyAction, signatures: readonly StoredSignature[], now: Date): ShadowRecord | null {
    if (!this.policies.shadow) return null;
    const report = compareShadow(
      this.policies.active,
      this.policies.shadow,
      [{ action, approvals: signatures.map(approvalOf) }],
      now,
    );
    const only = report.cases[0];
    if (!only) return null;
    return {
      version: this.policies.shadow.version,
      state: only.shadow.state,
      ruleId: only.shadow.policy?.id ?? null,
      differences: only.differences,
      evaluatedAt: now.toISOString(),
    };
  }

  activeRule(ruleId: string): PolicyRule | null {
    return this.policies.active.rules.find((r) => r.id === ruleId) ?? null;
  }
}

/** One line a reviewer can read: who must sign and how. */
export function ruleSummary(rule: PolicyRule): string {
  if (!rule.require) return `${rule.description.trim()} Approved automatically; still signed and recorded.`;
  return `${rule.description.trim()} ${requirementSummary(rule.require)}`;
}

export function requirementSummary(req: RuleRequirements): string {
  const parts = [
    `${req.approvers} distinct approver${req.approvers === 1 ? '' : 's'} with role ${req.roles.join(' or ')}`,
  ];
  if (req.coverRoles.length > 0) parts.push(`covering ${req.coverRoles.join(' and ')}`);
  if (req.reasonRequired) parts.push('a reason with every signature');
  if (req.reauthenticationMaxAgeMs !== null)
    parts.push(
      `re-authentication within ${Math.round(req.reauthenticationMaxAgeMs / 60_000)} min of signing`,
    );
  return `Requires ${parts.join('; ')}.`;
}
