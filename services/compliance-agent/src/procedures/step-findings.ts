import type { ProcedureRevision } from './procedure-library';
import type { StepRecord } from './step-records.repository';

export type FindingKind =
  'revision-not-in-force' | 'out-of-order' | 'skipped-steps' | 'unknown-step' | 'superseded-revision-running';

export interface Finding {
  kind: FindingKind;
  description: string;
  /** Approved steps the finding is about (the step itself, or the ones skipped). */
  stepNos: number[];
  /** Earlier step events that show the divergence (the step done before a jump, or the later step done first). */
  relatedEventIds?: string[];
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
export function findDivergences(
  step: CompletedStep,
  approved: ProcedureRevision,
  cited: ProcedureRevision | undefined,
  earlier: readonly StepRecord[],
): Finding[] {
  const findings: Finding[] = [];
  const doc = `${approved.documentId}`;
  // Once per work order: the steps after the first on the same revision repeat the same divergence.
  const alreadyOnIt = earlier.some((r) => r.revision === step.revision);
  if (step.revision !== approved.revision && !alreadyOnIt) {
    const what = cited
      ? `revision ${step.revision} (${cited.status})`
      : `revision ${step.revision}, which is not in the corpus`;
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
  const highest = Math.max(
    0,
    ...earlier.map((r) => r.stepNo).filter((n) => approved.steps.some((s) => s.stepNo === n)),
  );
  const highestEvent = [...earlier].reverse().find((r) => r.stepNo === highest)?.eventId;
  const related = highestEvent ? { relatedEventIds: [highestEvent] } : {};
  const wo = step.workOrderId ? ` in work order ${step.workOrderId}` : '';
  if (step.stepNo < highest) {
    findings.push({
      kind: 'out-of-order',
      description: `Step ${step.stepNo} of ${doc} was completed after step ${highest}${wo}.`,
      stepNos: [step.stepNo],
      ...related,
    });
  } else {
    const skipped = approved.steps
      .map((s) => s.stepNo)
      .filter((n) => n < step.stepNo && !done.has(n) && n > highest);
    if (skipped.length > 0) {
      findings.push({
        kind: 'skipped-steps',
        description: `Step ${step.stepNo} of ${doc} was completed${wo} with step${skipped.length > 1 ? 's' : ''} ${skipped.join(', ')} not recorded as completed.`,
        stepNos: skipped,
        ...related,
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

/** A line whose last step of a document was on another revision than the one that has just come into force. */
export function supersededRevisionRunning(
  latest: StepRecord,
  inForce: ProcedureRevision,
  running: ProcedureRevision | undefined,
): Finding {
  const what = running
    ? `revision ${latest.revision} (${running.status})`
    : `revision ${latest.revision}, which is not in the corpus`;
  const since =
    inForce.effectiveFrom !== undefined ? ` on ${new Date(inForce.effectiveFrom).toISOString()}` : '';
  const wo = latest.workOrderId ? ` in work order ${latest.workOrderId}` : '';
  return {
    kind: 'superseded-revision-running',
    description: `Line ${latest.site}/${latest.line ?? ''} is running ${latest.documentId} ${what}: its last step (${latest.stepNo}${wo}) was completed on ${new Date(latest.occurredAt).toISOString()}, and revision ${inForce.revision} came into force${since}.`,
    stepNos: [],
  };
}
