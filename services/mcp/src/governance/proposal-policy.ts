import {
  evaluate,
  loadPolicies,
  RISK_CLASSES,
  selectRule,
  type PolicyAction,
  type PolicySet,
  type RiskClass,
} from '@andon/governance/policy';
import { type Role } from '@andon/governance/auth';

export interface PolicyPreview {
  riskClass: RiskClass;
  rule: { id: string; version: string; description: string };
  /** "1 more approver with role quality_engineer", one line per need, as the console words it */
  mustApprove: string[];
  roles: Role[];
  approvers: number;
  autoApprove: boolean;
  expiresAt: string;
}

export type PolicyLookup =
  { ok: true; preview: PolicyPreview } | { ok: false; code: 'NO_POLICY'; message: string };

/**
 * The active policy set, read from the same files the approval service enforces. The
 * risk class of an MCP proposal is the one the policy gives its action type at that
 * site and line (the strictest when several match); the caller has no say in it.
 * Approval evaluates the stored action itself; this preview only tells the caller who
 * will have to sign.
 */
export class ProposalPolicy {
  private constructor(private readonly set: PolicySet) {}

  static load(policyDir: string): ProposalPolicy {
    return new ProposalPolicy(loadPolicies(policyDir).active);
  }

  get version(): string {
    return this.set.version;
  }

  /** Roles that appear as approvers anywhere in the active policy: only they can have actions awaiting them. */
  signingRoles(): Set<Role> {
    return new Set(this.set.rules.flatMap((r) => r.require?.roles ?? []));
  }

  lookup(action: Omit<PolicyAction, 'riskClass'>, now: Date): PolicyLookup {
    const matching = [...RISK_CLASSES]
      .reverse()
      .find((riskClass) => selectRule(this.set, { ...action, riskClass }) !== null);
    if (!matching)
      return {
        ok: false,
        code: 'NO_POLICY',
        message: `no rule of policy ${this.set.version} covers ${action.actionType} at ${action.site}${action.line ? `/${action.line}` : ''}; nothing can be proposed`,
      };
    const full: PolicyAction = { ...action, riskClass: matching };
    const rule = selectRule(this.set, full);
    const evaluation = evaluate(this.set, full, [], now);
    if (!rule || !evaluation.policy || !evaluation.expiresAt)
      return {
        ok: false,
        code: 'NO_POLICY',
        message: `policy ${this.set.version} selects no rule for ${action.actionType}`,
      };
    return {
      ok: true,
      preview: {
        riskClass: matching,
        rule: { id: rule.id, version: this.set.version, description: rule.description },
        mustApprove: evaluation.needed,
        roles: rule.require?.roles ?? [],
        approvers: rule.require?.approvers ?? 0,
        autoApprove: rule.autoApprove,
        expiresAt: evaluation.expiresAt,
      },
    };
  }
}
