import type { SignatureMeaning } from '../model/signature-meaning';
import { parseInstant } from '../model/iso-time';
import { identityProblems, signatureProblems } from './assess-approval';
import type {
  Approval,
  Ineligibility,
  PolicyAction,
  PolicyEvaluation,
  PolicyRule,
  PolicySet,
  RuleRequirements,
} from './policy-types';
import { coverageGap } from './role-coverage';
import { selectRule } from './select-rule';

/**
 * Decides where an action stands under one policy set. Pure: the same inputs always
 * give the same answer, so the approval service can re-run it on every signature and
 * shadow mode can run it against another set.
 *
 * State precedence: no rule -> rejected (fail closed); any eligible rejection ->
 * rejected; past the deadline -> expired; auto-approve rule -> auto_approved;
 * requirements met -> approved; otherwise pending with what is still needed.
 */
export function evaluate(
  policySet: PolicySet,
  action: PolicyAction,
  approvals: readonly Approval[],
  now: Date,
): PolicyEvaluation {
  const rule = selectRule(policySet, action);
  if (!rule) {
    return {
      state: 'rejected',
      policy: null,
      expiresAt: null,
      requirements: null,
      counted: [],
      ignored: approvals.map((approval) => ({ approval, reasons: [noRule(policySet, action)] })),
      needed: [],
      reasons: [noRule(policySet, action).message],
    };
  }
  const nowMs = now.getTime();
  const deadlineMs = Math.min(
    parseInstant(action.expiresAt, 'expiresAt'),
    parseInstant(action.proposedAt, 'proposedAt') + rule.expiryMs,
  );
  const base = {
    policy: { id: rule.id, version: policySet.version },
    expiresAt: new Date(deadlineMs).toISOString(),
    requirements: rule.require,
  };

  if (!rule.require) {
    const ignored = approvals.map((approval) => ({
      approval,
      reasons: [
        {
          code: 'NO_SIGNATURE_NEEDED' as const,
          message: `rule ${rule.id} approves automatically; signatures are not needed`,
        },
      ],
    }));
    return nowMs >= deadlineMs
      ? {
          ...base,
          state: 'expired',
          counted: [],
          ignored,
          needed: [],
          reasons: [`expired at ${base.expiresAt} before it was published`],
        }
      : {
          ...base,
          state: 'auto_approved',
          counted: [],
          ignored,
          needed: [],
          reasons: [`rule ${rule.id} auto-approves informational ${action.actionType}`],
        };
  }

  const { counted, rejections, ignored } = sortSignatures(rule.require, action, approvals, deadlineMs, nowMs);
  const ignoredReasons = ignored.flatMap(({ approval, reasons }) =>
    reasons.map((r) => `ignored signature by ${approval.userId}: ${r.message}`),
  );

  if (rejections.length > 0) {
    const reasons = rejections.map((r) => `rejected by ${r.userId}: ${r.reason}`);
    return {
      ...base,
      state: 'rejected',
      counted: rejections,
      ignored,
      needed: [],
      reasons: [...reasons, ...ignoredReasons],
    };
  }
  if (nowMs >= deadlineMs) {
    return {
      ...base,
      state: 'expired',
      counted,
      ignored,
      needed: [],
      reasons: [`expired at ${base.expiresAt} under rule ${rule.id}`, ...ignoredReasons],
    };
  }
  const needed = stillNeeded(rule.require, counted);
  if (needed.length === 0) {
    return {
      ...base,
      state: 'approved',
      counted,
      ignored,
      needed,
      reasons: [approvedBy(rule, counted), ...ignoredReasons],
    };
  }
  return {
    ...base,
    state: 'pending',
    counted,
    ignored,
    needed,
    reasons: [`waiting under rule ${rule.id}`, ...ignoredReasons],
  };
}

interface Sorted {
  counted: Approval[];
  rejections: Approval[];
  ignored: Array<{ approval: Approval; reasons: Ineligibility[] }>;
}

/**
 * Walks signatures in signing order. A person's first valid signature is the one that
 * stands; an invalid one (say, without re-authentication) does not use up their turn.
 */
function sortSignatures(
  req: RuleRequirements,
  action: PolicyAction,
  approvals: readonly Approval[],
  deadlineMs: number,
  nowMs: number,
): Sorted {
  const ordered = approvals
    .map((approval, index) => ({ approval, index, at: parseInstant(approval.signedAt, 'signedAt') }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const signers = new Set<string>();
  const out: Sorted = { counted: [], rejections: [], ignored: [] };
  for (const { approval } of ordered) {
    const reasons = [
      ...identityProblems(req, action, approval, signers, approval.role),
      ...signatureProblems(req, action, approval, deadlineMs, nowMs),
    ];
    if (reasons.length > 0) {
      out.ignored.push({ approval, reasons });
      continue;
    }
    signers.add(approval.userId);
    (approval.approved ? out.counted : out.rejections).push(approval);
  }
  return out;
}

function stillNeeded(req: RuleRequirements, counted: readonly Approval[]): string[] {
  const needed: string[] = [];
  // Each signer covers only the role they signed as.
  const gap = coverageGap(
    req.coverRoles,
    counted.map((a) => [a.role]),
  );
  if (gap.deficit > 0) needed.push(`${approvers(gap.deficit)} with role ${gap.helpfulRoles.join(' or ')}`);
  const remaining = req.approvers - counted.length - gap.deficit;
  if (remaining > 0) {
    const other = gap.deficit > 0 ? 'other ' : '';
    needed.push(`${approvers(remaining, other)} with role ${req.roles.join(' or ')}`);
  }
  // Only worth saying when the signers still to come cannot bring the meanings anyway;
  // otherwise it is implied by the approver lines (and stated in `requirements`).
  const missing = missingMeanings(
    req.signatureMeanings,
    counted.map((a) => a.meaning),
  );
  const slotsLeft = Math.max(0, req.approvers - counted.length);
  if (missing.length > 0 && (missing[0]?.length ?? 0) > slotsLeft) {
    needed.push(`signature meaning ${missing.map((alt) => alt.join(' + ')).join(' or ')}`);
  }
  return needed;
}

/** The smallest sets of meanings that would complete one of the alternatives; [] when one is met. */
function missingMeanings(alternatives: SignatureMeaning[][], have: SignatureMeaning[]): SignatureMeaning[][] {
  const gaps = alternatives.map((alt) => {
    const pool = [...have];
    return alt.filter((meaning) => {
      const at = pool.indexOf(meaning);
      if (at === -1) return true;
      pool.splice(at, 1);
      return false;
    });
  });
  if (gaps.some((gap) => gap.length === 0)) return [];
  const fewest = Math.min(...gaps.map((g) => g.length));
  const unique = new Map(gaps.filter((g) => g.length === fewest).map((g) => [g.join('+'), g]));
  return [...unique.values()];
}

function approvers(n: number, adjective = ''): string {
  return `${n} more ${adjective}approver${n === 1 ? '' : 's'}`;
}

function approvedBy(rule: PolicyRule, counted: readonly Approval[]): string {
  return `approved under rule ${rule.id} by ${counted.map((a) => `${a.userId} as ${a.role} (${a.meaning})`).join(', ')}`;
}

function noRule(policySet: PolicySet, action: PolicyAction): Ineligibility {
  return {
    code: 'NO_MATCHING_RULE',
    message: `no rule in policy ${policySet.version} covers ${action.actionType} (${action.riskClass}) at site ${action.site}; nothing may approve it`,
  };
}
