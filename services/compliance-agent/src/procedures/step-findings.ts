import type { ProcedureRevision } from './procedure-library';
import type { StepRecord } from './step-records.repository';

export type FindingKind = 'revision-not-in-force' | 'out-of-order' | 'skipped-steps' | 'unknown-step';

export interface Finding {
  kind: FindingKind;
  description: string;
  /** Approved steps the finding is about (the step itself, or the ones skipped). */
  stepNos: number[];
}

export interface CompletedStep {
  documentId: string;
  revision: string;
  stepNo: number;
  workOrderId: string;
}

/**
 * The divergences one completed step shows against the approved revision in force and
 * the steps the same work order completed before it. Only what this step introduces is
 * reported, so a skip is flagged once, by the step that jumped over it.
 */
export function findDivergences(step: CompletedStep, approved: ProcedureRevision, cited: ProcedureRevision | undefined, earlier: readonly StepRecord[]): Finding[] {
  const findings: Finding[] = [];
  const doc = `${approved.documentId}`;
  if (step.revision !== approved.revision) {
    const what = cited ? `revision ${step.revision} (${cited.status})` : `revision ${step.revision}, which is not in the corpus`;
    findings.push({
      kind: 'revision-not-in-force',
      description: `Step ${step.stepNo} of ${doc} was completed against ${what}; the approved revision in force is ${approved.revision}.`,
      stepNos: [step.stepNo],
    });
  }
  const exists = approved.steps.some((s) => s.stepNo === step.stepNo);
  if (!exists) {
    findings.push({
      kind: 'unknown-step',
      description: `Step ${step.stepNo} does not exist in ${doc} revision ${approved.revision}, which has ${approved.steps.length} steps.`,
      stepNos: [step.stepNo],
    });
    return findings;
  }
  const done = new Set(earlier.map((r) => r.stepNo));
  const highest = Math.max(0, ...earlier.map((r) => r.stepNo).filter((n) => approved.steps.some((s) => s.stepNo === n)));
  const wo = step.workOrderId ? ` in work order ${step.workOrderId}` : '';
  if (step.stepNo < highest) {
    findings.push({
      kind: 'out-of-order',
      description: `Step ${step.stepNo} of ${doc} was completed after step ${highest}${wo}.`,
      stepNos: [step.stepNo],
    });
  } else {
    const skipped = approved.steps.map((s) => s.stepNo).filter((n) => n < step.stepNo && !done.has(n) && n > highest);
    if (skipped.length > 0) {
      findings.push({
        kind: 'skipped-steps',
        description: `Step ${step.stepNo} of ${doc} was completed${wo} with step${skipped.length > 1 ? 's' : ''} ${skipped.join(', ')} not recorded as completed.`,
        stepNos: skipped,
      });
    }
  }
  return findings;
}

/** A step of a document that has no approved revision in force at all (only drafts, or all withdrawn). */
export function noApprovedRevision(step: CompletedStep, cited: ProcedureRevision | undefined): Finding {
  const what = cited ? `revision ${step.revision} (${cited.status})` : `revision ${step.revision}`;
  return {
    kind: 'revision-not-in-force',
    description: `Step ${step.stepNo} of ${step.documentId} was completed against ${what}; ${step.documentId} has no approved revision in force.`,
    stepNos: [step.stepNo],
  };
}
