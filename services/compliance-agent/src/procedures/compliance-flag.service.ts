import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@andon/bus';
import { EvidenceKind, EvidenceRef, RecommendationKind, RiskClass } from '@andon/contracts';
import { LlmGateway, type ComplianceCheckInput, type ComplianceCheckOutput } from '@andon/llm';
import {
  AgentMessages,
  derivedId,
  eventEvidence,
  evidenceInCitationOrder,
  generateGoverned,
  outputConfidence,
  type AgentSource,
  type DecodedPlantEvent,
} from '@andon/agent-kit';
import type { ProcedureRevision } from './procedure-library';
import type { CompletedStep, Finding } from './step-findings';
import type { StepRecord } from './step-records.repository';

/** policies/v1/compliance.yaml: raise-compliance-flag expires after P2D. */
const FLAG_TTL_MS = 2 * 24 * 3_600_000;
export const RAISE_COMPLIANCE_FLAG = 'mes.raise_compliance_flag' as const;

export interface FlagRequest {
  trigger: DecodedPlantEvent;
  step: CompletedStep & { operatorBadge: string; machineId: string };
  /** The approved revision in force, or, when there is none, the revision the operator used. */
  approved: ProcedureRevision;
  earlier: readonly StepRecord[];
  findings: readonly Finding[];
  /** The revision the operator used, cited as evidence too when it is not `approved`. */
  cited?: ProcedureRevision;
  /**
   * What the ids derive from. Default the trigger's event id; a flag raised for a new
   * revision on a line names the revision and the line, because the line's last step may
   * have been flagged on its own already.
   */
  key?: string;
}

/**
 * Turns the divergences of one completed step into one compliance flag per finding and a
 * PROCEDURE_DEVIATION recommendation. The findings are computed in code; the gateway's
 * compliance-check use case writes the summary a compliance officer reads.
 */
@Injectable()
export class ComplianceFlagService {
  constructor(
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
    @Inject(AgentMessages) private readonly messages: AgentMessages,
  ) {}

  async flag(req: FlagRequest): Promise<OutgoingMessage[]> {
    const { trigger, step, approved, findings } = req;
    const key = req.key ?? trigger.eventId;
    const triggerText = `Step ${step.stepNo} of ${step.documentId} revision ${step.revision} completed by ${step.operatorBadge || 'an unknown operator'} on ${step.machineId || 'an unknown machine'} for work order ${step.workOrderId || 'none'}.`;
    const source = documentSource(approved, findings[0]?.stepNos[0] ?? step.stepNo);
    const evidence = evidenceInCitationOrder(trigger, triggerText, [source]);
    const citedEvidence =
      req.cited && req.cited.revision !== approved.revision
        ? [
            documentEvidence(
              req.cited,
              undefined,
              `${req.cited.title} (revision ${req.cited.revision}, ${req.cited.status})`,
            ),
          ]
        : [];
    const { result, generation } = await this.check(req, source);
    const confidence = outputConfidence(result.generation, 0.9);
    const where = `${trigger.site}/${trigger.line}`;

    const actions = findings.map((f) => {
      const actionId = derivedId('ca-flag', key, f.kind);
      const title = `Compliance flag: ${f.kind.replace(/-/g, ' ')} on ${approved.documentId}, ${where}`;
      const text = `${f.description} Operator ${step.operatorBadge || 'unknown'}, machine ${step.machineId || 'unknown'}, work order ${step.workOrderId || 'none'}.`;
      return this.messages.action(trigger, {
        actionId,
        intent: { type: RAISE_COMPLIANCE_FLAG, body: { site: trigger.site, line: trigger.line, text } },
        riskClass: RiskClass.DECISION_SUPPORT,
        product: '',
        title,
        rationale: `${f.description} ${result.output.summary}`,
        recommendedSteps: [
          `Compliance officer: review the divergence from ${approved.documentId} revision ${approved.revision} and approve to record the flag in the MES shift log.`,
        ],
        evidence: [
          ...evidence,
          ...stepEvidence(approved, f.stepNos),
          ...citedEvidence,
          ...relatedEvidence(f, req.earlier),
        ],
        confidence,
        generation,
        ttlMs: FLAG_TTL_MS,
      });
    });
    const recommendation = this.messages.recommendation(trigger, {
      recommendationId: derivedId('ca-deviation', key),
      kind: RecommendationKind.PROCEDURE_DEVIATION,
      title: `Procedure deviation on ${approved.documentId} (${findings.length} finding${findings.length > 1 ? 's' : ''}), ${where}`,
      bodyMarkdown: [
        `**${approved.title}**, revision ${approved.revision} (${approved.status}).`,
        '',
        ...findings.map((f) => `- ${f.description}`),
        '',
        result.output.summary,
      ].join('\n'),
      data: {
        documentId: approved.documentId,
        approvedRevision: approved.revision,
        citedRevision: step.revision,
        stepNumber: step.stepNo,
        workOrderId: step.workOrderId,
        operatorBadge: step.operatorBadge,
        machineId: step.machineId,
        findings: findings.map((f) => ({ kind: f.kind, stepNos: f.stepNos, description: f.description })),
      },
      citations: evidence,
      generation,
      relatedActionIds: actions.map((a) => a.action.actionId),
    });
    return [...actions.map((a) => a.message), recommendation.message];
  }

  private async check(req: FlagRequest, source: AgentSource) {
    const { approved, step, earlier } = req;
    const highest = Math.max(step.stepNo, ...earlier.map((e) => e.stepNo));
    const required = approved.steps.filter((s) => s.stepNo <= highest);
    const input: ComplianceCheckInput = {
      procedureId: approved.documentId,
      revision: approved.revision,
      requiredSteps: (required.length > 0 ? required : approved.steps).map((s) => ({
        stepNo: s.stepNo,
        text: s.text,
        critical: false,
      })),
      performedSteps: [
        ...earlier.map((e) => performed(e.stepNo, e.revision, new Date(e.occurredAt))),
        performed(step.stepNo, step.revision, req.trigger.occurredAt),
      ],
    };
    return generateGoverned<ComplianceCheckOutput>(
      this.gateway,
      'compliance-check',
      input,
      [source],
      req.trigger,
    );
  }
}

function performed(
  stepNo: number,
  revision: string,
  at: Date,
): ComplianceCheckInput['performedSteps'][number] {
  return {
    ...(stepNo > 0 ? { stepNo } : {}),
    text: `Step ${stepNo} completed (revision ${revision})`,
    at: at.toISOString(),
  };
}

function documentSource(approved: ProcedureRevision, stepNo: number): AgentSource {
  const step = approved.steps.find((s) => s.stepNo === stepNo);
  return {
    source: {
      id: `doc:${approved.documentId}@${approved.revision}`,
      kind: 'document',
      title: `${approved.documentId} revision ${approved.revision}: ${approved.title}`,
      text: approved.steps.map((s) => `${s.stepNo}. ${s.text}`).join('\n'),
      data: { documentId: approved.documentId, revision: approved.revision, steps: approved.steps.length },
    },
    evidence: documentEvidence(approved, step?.stepNo, step?.text ?? approved.title),
  };
}

function relatedEvidence(f: Finding, earlier: readonly StepRecord[]): EvidenceRef[] {
  return (f.relatedEventIds ?? []).flatMap((id) => {
    const r = earlier.find((e) => e.eventId === id);
    return r
      ? [
          eventEvidence(
            id,
            `Step ${r.stepNo} of ${r.documentId} revision ${r.revision} completed for work order ${r.workOrderId || 'none'}.`,
          ),
        ]
      : [];
  });
}

function stepEvidence(approved: ProcedureRevision, stepNos: readonly number[]): EvidenceRef[] {
  return stepNos.flatMap((n) => {
    const s = approved.steps.find((x) => x.stepNo === n);
    return s ? [documentEvidence(approved, n, s.text)] : [];
  });
}

function documentEvidence(
  approved: ProcedureRevision,
  stepNo: number | undefined,
  excerpt: string,
): EvidenceRef {
  return EvidenceRef.fromPartial({
    kind: EvidenceKind.DOCUMENT,
    id: approved.documentId,
    revision: approved.revision,
    chunk: stepNo !== undefined ? `step-${stepNo}` : '',
    excerpt: excerpt.length <= 200 ? excerpt : `${excerpt.slice(0, 199)}…`,
  });
}
