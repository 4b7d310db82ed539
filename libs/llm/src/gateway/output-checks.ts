import { checkCitations } from '../governance/citation-check';
import type { CheckResult, LabelledSource } from '../governance/governance.types';
import { checkOutputInjection } from '../governance/injection-detector';
import { checkNumbers } from '../governance/number-check';
import { checkPolicy } from '../governance/policy-check';
import { normaliseNumbers } from '../governance/semantic/normalise-numbers';
import type { SemanticGovernance } from '../governance/semantic/semantic-governance';
import { checkStepSelection, type ProcedureCatalogue } from '../use-cases/procedure-catalogue';
import { allStrings, type AnyUseCase } from '../use-cases/use-case';
import type { FallbackReason } from './llm-call-record';

export interface OutputCheckInput {
  useCase: AnyUseCase;
  /** the model's answer, parsed against the use case's output schema */
  output: unknown;
  /** the redacted sources the model saw */
  redacted: readonly LabelledSource[];
  flaggedByLabel: ReadonlyMap<string, string[]>;
  procedures: ProcedureCatalogue;
  semantic: SemanticGovernance;
}

export interface OutputCheckResult {
  /** every check, in the order they ran (recorded on the call) */
  checks: CheckResult[];
  /** the reasons of the checks that failed, once each: any one sends the call to the rules */
  failed: FallbackReason[];
  /** the source labels the answer cites */
  cited: string[];
  /** the mean support of the answer's statements by the sources */
  meanScore: number;
}

/**
 * The checks every parsed model answer must pass before it is used: chosen steps,
 * citations, numbers, support by the sources, forbidden instructions (by rule and by
 * meaning), echoes of flagged input and injection in the output. Each failing check names
 * its fallback reason.
 */
export async function checkOutput(input: OutputCheckInput): Promise<OutputCheckResult> {
  const { useCase, output, redacted, flaggedByLabel, procedures, semantic } = input;
  const claimTexts = useCase.claimTexts(output);
  const texts = allStrings(output);
  const { cited, ...citationCheck } = checkCitations(claimTexts, new Set(redacted.map((s) => s.label)));
  const flaggedTexts = [...flaggedByLabel.values()].flat();
  const {
    sentences: _sentences,
    meanScore,
    ...supportCheck
  } = await semantic.checkSupport(claimTexts, redacted, flaggedByLabel);
  const stepCheck: Array<[CheckResult, FallbackReason]> = useCase.stepIds
    ? [[checkStepSelection(useCase.stepIds(output), procedures), 'unknown-steps']]
    : [];
  const outputChecks: Array<[CheckResult, FallbackReason]> = [
    ...stepCheck,
    [citationCheck, 'uncited-claims'],
    [checkNumbers(claimTexts.map(normaliseNumbers), redacted), 'unsupported-numbers'],
    [supportCheck, 'unsupported-claims'],
    [checkPolicy(texts), 'forbidden-instruction'],
    [await semantic.checkPolicy(texts), 'forbidden-instruction'],
    [await semantic.checkEchoes(texts, flaggedTexts), 'quotes-flagged-input'],
    [checkOutputInjection(texts), 'injected-output'],
  ];
  return {
    checks: outputChecks.map(([c]) => c),
    failed: [...new Set(outputChecks.filter(([c]) => !c.passed).map(([, reason]) => reason))],
    cited,
    meanScore,
  };
}
