import type { CheckResult, LabelledSource } from '../governance/governance.types';
import {
  checkInputInjection,
  describeFinding,
  detectInjection,
  type InjectionFinding,
} from '../governance/injection-detector';
import { SemanticGovernance, type ScannedText } from '../governance/semantic/semantic-governance';
import { PROCEDURE_SOURCE_KIND } from '../use-cases/procedure-catalogue';
import { INPUT_LABEL, stringLeaves, type InputFlags } from '../use-cases/use-case';

const RULES_ONLY = new SemanticGovernance(undefined);

function isApprovedProcedure(s: LabelledSource): boolean {
  return (
    s.kind === PROCEDURE_SOURCE_KIND &&
    !s.flagged &&
    String(s.data?.['status'] ?? '').toLowerCase() === 'approved'
  );
}

/**
 * Every untrusted string (the request's fields by path, each source's title and text) is
 * scanned by the injection rules and for forbidden instructions (rules, then meaning).
 * Flagged spans stay flagged: the deterministic engine withholds them, the support check
 * never counts them as evidence, and an output that repeats them fails.
 */
export async function scanUntrusted(
  sources: readonly LabelledSource[],
  semantic: SemanticGovernance,
): Promise<{
  injection: CheckResult & { findings: InjectionFinding[] };
  flaggedByLabel: Map<string, string[]>;
  flags: InputFlags;
}> {
  const items: Array<ScannedText & { label: string }> = [];
  const previously: InjectionFinding[] = [];
  for (const s of sources) {
    if (s.label === INPUT_LABEL) {
      for (const [path, text] of stringLeaves(s.data?.['input'], 'input'))
        items.push({ label: s.label, location: path, text });
    } else {
      const text = `${s.title ?? ''}\n${s.text}`;
      items.push({ label: s.label, location: s.label, text });
      if (s.flagged)
        previously.push({ location: s.label, kind: 'previously-flagged', start: 0, end: text.length });
    }
  }
  const rules = items.flatMap((i) => detectInjection(i.location, i.text));
  // An approved procedure revision instructs on holds, guards and lockout by design (document
  // control approved it): the injection rules read it, the forbidden-intent layer does not,
  // or the containment SOP's "move the held lots to quarantine" would withhold its own step.
  const approvedProcedures = new Set(sources.filter(isApprovedProcedure).map((s) => s.label));
  const intents = [
    ...(await semantic.scanInput(items.filter((i) => !approvedProcedures.has(i.label)))),
    ...(await RULES_ONLY.scanInput(items.filter((i) => approvedProcedures.has(i.label)))),
  ];
  const findings = [...previously, ...rules, ...intents];
  const textOf = new Map(items.map((i) => [i.location, i]));
  const flaggedByLabel = new Map<string, string[]>();
  for (const f of findings) {
    const item = textOf.get(f.location);
    if (!item) continue;
    const span = item.text.slice(f.start, f.end).trim();
    flaggedByLabel.set(item.label, [...(flaggedByLabel.get(item.label) ?? []), span]);
  }
  const flaggedPaths = new Set(findings.map((f) => f.location));
  const injection = {
    ...checkInputInjection([]),
    passed: findings.length === 0,
    details: findings.map(describeFinding),
    findings,
  };
  return { injection, flaggedByLabel, flags: { isFlagged: (path) => flaggedPaths.has(path) } };
}
