import { canonicalize } from '../canonical/canonical-json';
import { evaluate } from './evaluate';
import type { Approval, PolicyAction, PolicyEvaluation, PolicySet, RuleRequirements } from './policy-types';

export interface ShadowCase {
  action: PolicyAction;
  approvals: readonly Approval[];
}

export interface ShadowCaseReport {
  actionId: string;
  active: PolicyEvaluation;
  shadow: PolicyEvaluation;
  /** empty when both versions agree on state, rule, deadline, requirements and needs */
  differences: string[];
}

export interface ShadowReport {
  activeVersion: string;
  shadowVersion: string;
  total: number;
  differing: number;
  cases: ShadowCaseReport[];
}

/**
 * Runs a candidate policy version beside the active one over real traffic and reports
 * where it would decide or demand differently. It never decides anything: the caller
 * acts on `active` only, and records the report (ledger kind policy.shadow_diff).
 */
export function compareShadow(
  active: PolicySet,
  shadow: PolicySet,
  cases: readonly ShadowCase[],
  now: Date,
): ShadowReport {
  const reports = cases.map(({ action, approvals }) => {
    const a = evaluate(active, action, approvals, now);
    const s = evaluate(shadow, action, approvals, now);
    return { actionId: action.actionId, active: a, shadow: s, differences: differences(a, s) };
  });
  return {
    activeVersion: active.version,
    shadowVersion: shadow.version,
    total: reports.length,
    differing: reports.filter((r) => r.differences.length > 0).length,
    cases: reports,
  };
}

function differences(a: PolicyEvaluation, s: PolicyEvaluation): string[] {
  const out: string[] = [];
  const note = (what: string, x: unknown, y: unknown) => {
    if (canonicalize(x ?? null) !== canonicalize(y ?? null))
      out.push(`${what}: active ${show(x)}, shadow ${show(y)}`);
  };
  note('state', a.state, s.state);
  note('rule', a.policy?.id, s.policy?.id);
  note('expiresAt', a.expiresAt, s.expiresAt);
  const ra: Partial<RuleRequirements> = a.requirements ?? {};
  const rs: Partial<RuleRequirements> = s.requirements ?? {};
  note('approvers', ra.approvers, rs.approvers);
  note('roles', sorted(ra.roles), sorted(rs.roles));
  note('coverRoles', sorted(ra.coverRoles), sorted(rs.coverRoles));
  note('signatureMeanings', ra.signatureMeanings, rs.signatureMeanings);
  note('reasonRequired', ra.reasonRequired, rs.reasonRequired);
  note('reauthenticationMaxAgeMs', ra.reauthenticationMaxAgeMs, rs.reauthenticationMaxAgeMs);
  note('needed', a.needed, s.needed);
  return out;
}

function sorted(values: readonly string[] | undefined): string[] | null {
  return values ? [...values].sort() : null;
}

function show(value: unknown): string {
  return value === undefined || value === null
    ? 'none'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
}
