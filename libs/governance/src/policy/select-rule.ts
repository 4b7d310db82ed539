import { globToRegExp, isGlob, literalLength } from './glob';
import type { PolicyAction, PolicyRule, PolicySet } from './policy-types';

export function ruleMatches(rule: PolicyRule, action: PolicyAction): boolean {
  const m = rule.match;
  return (
    m.riskClass === action.riskClass &&
    globToRegExp(m.actionType).test(action.actionType) &&
    (m.site === undefined || m.site === action.site) &&
    (m.line === undefined || m.line === action.line) &&
    (m.product === undefined || m.product === action.product)
  );
}

/**
 * Precedence, compared left to right (see docs/adr/0006-governance.md):
 *   1. a rule naming the product beats one that does not (regulated products carry
 *      their own approval regime whatever line they run on),
 *   2. then one naming the line (a line is always named with its site),
 *   3. then one naming the site,
 *   4. then an exact action type beats a glob,
 *   5. then the glob with more literal characters (mes.hold_* beats mes.*),
 *   6. then the rule declared first (files by name, rules in file order).
 */
export function specificity(rule: PolicyRule): number[] {
  const m = rule.match;
  return [
    m.product !== undefined ? 1 : 0,
    m.line !== undefined ? 1 : 0,
    m.site !== undefined ? 1 : 0,
    isGlob(m.actionType) ? 0 : 1,
    literalLength(m.actionType),
    -rule.ordinal,
  ];
}

export function compareSpecificity(a: PolicyRule, b: PolicyRule): number {
  const sa = specificity(a);
  const sb = specificity(b);
  for (const [i, a] of sa.entries()) {
    const b = sb[i] ?? 0;
    if (a !== b) return b - a;
  }
  return 0;
}

/** The single rule governing an action, or null (and then nothing may approve it). */
export function selectRule(policySet: PolicySet, action: PolicyAction): PolicyRule | null {
  const candidates = policySet.rules.filter((rule) => ruleMatches(rule, action));
  if (candidates.length === 0) return null;
  return candidates.sort(compareSpecificity)[0] ?? null;
}
