import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@andon/bus';
import { RecommendationKind, RiskClass, type EvidenceRef, type GenerationInfo } from '@andon/contracts';
import { LlmGateway, type NcrTriageInput, type NcrTriageOutput } from '@andon/llm';
import { AgentContext, AgentMessages } from '@andon/agent-kit';
import type { StartInvestigationIntent } from '@andon/mes-endpoints';
import { derivedId } from '@andon/agent-kit';
import {
  evidenceInCitationOrder,
  labelOf,
  procedureAgentSource,
  ProcedureRevisionsStore,
  type AgentSource,
} from '@andon/agent-kit';
import { generateGoverned, outputConfidence } from '@andon/agent-kit';
import type { QualityAgentSettings } from '../config/quality-agent.config';
import { FailedChecksRepository } from './failed-checks.repository';
import { GenealogyRepository, type AffectedLot } from './genealogy.repository';
import { NcrHistoryRepository, type SimilarNcr } from './ncr-history.repository';
import { higherSeverity, MATERIAL_CATEGORIES, type Severity, type TriageRequest } from './triage-request';
import { CONTAINMENT_PROCEDURE, containmentSteps } from './containment-steps';
import {
  failedCheckSource,
  genealogyLinks,
  genealogySource,
  genealogySourceId,
  similarNcrSource,
  supplierSource,
} from './triage-sources';

const HOUR_MS = 3_600_000;
/** Matches the approval policy expiries (policies/v1/quality.yaml); the shorter of the two applies. */
const INVESTIGATION_TTL_MS = 24 * HOUR_MS;
const HOLD_TTL_MS = 8 * HOUR_MS;
const CHECKS_CITED = 10;
/** Prefix of text a model wrote, so an approver can tell it from rule-engine and procedure text. */
const MODEL_WRITTEN = '(Model-written summary) ';

interface Triaged {
  request: TriageRequest;
  output: NcrTriageOutput;
  /** The rule engine's containment steps: what proposals recommend, whoever wrote the summary. */
  steps: string[];
  /** The summary was written by a model (not the rule engine): labelled as such wherever shown. */
  modelWritten: boolean;
  severity: Severity;
  generation: GenerationInfo;
  confidence: number;
  affected: AffectedLot[];
  similar: SimilarNcr[];
  sources: AgentSource[];
  evidence: EvidenceRef[];
}

/**
 * NCR and deviation triage: classify (ncr-triage use case), find similar past NCRs, walk
 * the batch genealogy to the affected lots, and propose an investigation plus one hold
 * per affected lot, with an NCR_TRIAGE recommendation for downstream consumers.
 */
@Injectable()
export class TriageService {
  private readonly deps;

  constructor(
    @Inject(NcrHistoryRepository) ncrs: NcrHistoryRepository,
    @Inject(GenealogyRepository) genealogy: GenealogyRepository,
    @Inject(FailedChecksRepository) checks: FailedChecksRepository,
    @Inject(LlmGateway) gateway: LlmGateway,
    @Inject(AgentMessages) messages: AgentMessages,
    @Inject(AgentContext) agent: AgentContext<QualityAgentSettings>,
    @Inject(ProcedureRevisionsStore) procedures: ProcedureRevisionsStore,
  ) {
    const c = agent.config;
    this.deps = {
      ncrs,
      genealogy,
      checks,
      gateway,
      messages,
      procedures,
      settings: {
        similarNcrs: c.QUALITY_SIMILAR_NCRS,
        genealogyDepth: c.QUALITY_GENEALOGY_DEPTH,
        maxHolds: c.QUALITY_MAX_HOLDS,
      },
    };
  }

  async triage(request: TriageRequest): Promise<OutgoingMessage[]> {
    const { trigger } = request;
    const { settings } = this.deps;
    const affected = await this.deps.genealogy.affectedLots(trigger.site, request.lotIds, {
      maxDepth: settings.genealogyDepth,
      includeSiblings: MATERIAL_CATEGORIES.has(request.qmsCategory),
    });
    const similar = await this.deps.ncrs.similar(
      trigger.site,
      {
        ncrId: request.ncrId,
        category: request.qmsCategory,
        product: request.product,
        supplier: request.supplier,
        before: trigger.occurredAt.getTime(),
      },
      settings.similarNcrs,
    );
    const checks = await this.deps.checks.forLots(trigger.site, request.lotIds, CHECKS_CITED);
    const sources: AgentSource[] = [
      ...checks.map(failedCheckSource),
      ...genealogyLinks(affected).slice(0, settings.maxHolds).map(genealogySource),
      ...similar.map(similarNcrSource),
      ...(request.supplier ? [supplierSource(request.supplier, request.lotIds)] : []),
      // The containment procedures learned from the documents topic: their steps are the only containment steps (ADR 0022).
      ...(await this.deps.procedures.forSite(trigger.site, CONTAINMENT_PROCEDURE)).map(procedureAgentSource),
    ];

    const { result, generation } = await this.generate(request, sources);
    const severity = higherSeverity(result.output.severity, request.qmsSeverity);
    const modelWritten = !result.generation.deterministic;
    // Flagged request text stays flagged: a later triage that finds this NCR as similar will not quote it.
    const flagged = result.injectionFindings.some(
      (f) => f.location === 'input.description' || f.location === 'input.title',
    );
    await this.remember(request, result.output, severity, flagged);

    const contained = containmentSteps(result, request);
    const triaged: Triaged = {
      request,
      output: result.output,
      // Steps are the selected procedure's own steps (never model or request text).
      steps: contained.steps,
      modelWritten,
      severity,
      generation,
      confidence: outputConfidence(result.generation, 0.7),
      affected,
      similar,
      sources,
      evidence: [
        ...evidenceInCitationOrder(trigger, `${request.ncrId}: ${request.description}`, sources),
        ...contained.evidence,
      ],
    };
    const investigation = this.investigation(triaged);
    const holds = affected
      .slice(0, settings.maxHolds)
      .map((lot) => this.hold(triaged, lot, investigation.actionId));
    const recommendation = this.recommendation(triaged, [
      investigation.actionId,
      ...holds.map((h) => h.actionId),
    ]);
    return [investigation.message, ...holds.map((h) => h.message), recommendation];
  }

  private async generate(request: TriageRequest, sources: readonly AgentSource[]) {
    const input: NcrTriageInput = {
      ncrId: request.ncrId,
      title: `${request.qmsCategory || 'Quality'} ${request.origin === 'qms' ? 'nonconformance' : 'deviation'}${request.product ? ` on ${request.product}` : ''}`,
      description: request.description,
      ...(request.product ? { partNumber: request.product } : {}),
      ...(request.lotIds[0] ? { lot: request.lotIds[0] } : {}),
      quantityAffected: Math.max(0, Math.round(request.quantityAffected)),
      ...(request.spec?.characteristic ? { characteristic: request.spec.characteristic } : {}),
      ...(request.spec?.nominal !== undefined ? { specNominal: request.spec.nominal } : {}),
      ...(request.spec?.tolerance !== undefined && request.spec.tolerance > 0
        ? { specTolerance: request.spec.tolerance }
        : {}),
      ...(request.spec?.measured !== undefined ? { measuredValue: request.spec.measured } : {}),
      safetyCritical: false,
      customerNotified: false,
    };
    return generateGoverned<NcrTriageOutput>(
      this.deps.gateway,
      'ncr-triage',
      input,
      sources,
      request.trigger,
      ['rationale', 'body_markdown', 'mes_call.payload_json.summary'],
    );
  }

  private async remember(
    request: TriageRequest,
    output: NcrTriageOutput,
    severity: Severity,
    flagged: boolean,
  ): Promise<void> {
    const { trigger } = request;
    await this.deps.ncrs.insert({
      _id: NcrHistoryRepository.idOf(trigger.site, request.ncrId),
      site: trigger.site,
      line: trigger.line,
      ncrId: request.ncrId,
      origin: request.origin,
      // The QMS category is what future NCRs are searched by; the agent's own class is the fallback.
      category: request.qmsCategory || output.category,
      severity,
      product: request.product,
      supplier: request.supplier,
      description: request.description,
      lotIds: request.lotIds,
      eventId: trigger.eventId,
      occurredAt: trigger.occurredAt.getTime(),
      ...(flagged ? { flagged: true } : {}),
    });
  }

  private investigation(t: Triaged) {
    const { request, output, severity } = t;
    const { trigger } = request;
    const actionId = derivedId('qa-inv', trigger.eventId, request.ncrId);
    const raised =
      severity !== output.severity
        ? ` The QMS rated it ${request.qmsSeverity}, so the proposal keeps that higher severity [S0].`
        : '';
    const similarStep =
      t.similar.length > 0
        ? [
            `Compare with similar past NCRs ${t.similar.map((s) => s.record.ncrId).join(', ')} before choosing a disposition.`,
          ]
        : [];
    const lots = t.affected.map((l) => l.lotId);
    const intent: StartInvestigationIntent = {
      type: 'mes.start_investigation',
      body: {
        site: trigger.site,
        line: trigger.line,
        ncrId: request.ncrId,
        title: `${request.ncrId}: ${output.category} nonconformance, ${severity}`,
        category: output.category,
        severity,
        dispositionHint: output.dispositionHint,
        product: request.product,
        lotIds: lots,
        summary: output.summary,
        containment: t.steps,
      },
    };
    return {
      actionId,
      message: this.deps.messages.action(trigger, {
        actionId,
        intent,
        riskClass: RiskClass.WORKFLOW_INITIATION,
        product: request.product,
        title: `Investigate ${request.ncrId}: ${output.category}, ${severity}${request.product ? ` on ${request.product}` : ''}`,
        rationale: `${t.modelWritten ? MODEL_WRITTEN : ''}${output.summary}${raised}`,
        recommendedSteps: [...t.steps, ...similarStep],
        evidence: t.evidence,
        confidence: t.confidence,
        generation: t.generation,
        ttlMs: INVESTIGATION_TTL_MS,
      }).message,
    };
  }

  private hold(t: Triaged, lot: AffectedLot, investigationId: string) {
    const { request, output, severity } = t;
    const { trigger } = request;
    const actionId = derivedId('qa-hold', trigger.eventId, lot.lotId);
    const via = lot.via;
    const viaLabel = via ? labelOf(t.sources, (s) => s.source.id === genealogySourceId(via)) : undefined;
    const cite = viaLabel ? `[${viaLabel}, S0]` : '[S0]';
    const why =
      lot.relation === 'listed'
        ? `Lot ${lot.lotId} is named on ${request.ncrId} (${output.category}, ${severity}) [S0].`
        : lot.relation === 'descendant'
          ? `Lot ${lot.lotId} was made from lot ${lot.via?.parentLotId}, which traces back to the lots on ${request.ncrId} ${cite}.`
          : `Lot ${lot.lotId} was made from parent lot ${lot.via?.parentLotId}, like the lots on ${request.ncrId}; a ${request.qmsCategory} defect may come from that input ${cite}.`;
    const reason =
      lot.relation === 'listed'
        ? `${request.ncrId}: ${output.category} nonconformance (${severity}) on this lot`
        : lot.relation === 'descendant'
          ? `${request.ncrId}: made from lot ${lot.via?.parentLotId} (genealogy depth ${lot.depth})`
          : `${request.ncrId}: shares parent lot ${lot.via?.parentLotId} with the nonconforming lot`;
    const confidence =
      lot.relation === 'listed'
        ? 0.9
        : lot.relation === 'descendant'
          ? Math.max(0.4, 0.85 - 0.1 * lot.depth)
          : 0.5;
    return {
      actionId,
      message: this.deps.messages.action(trigger, {
        actionId,
        intent: { type: 'mes.hold_lot', body: { lotId: lot.lotId, reason } },
        riskClass: RiskClass.TRANSACTION_EXECUTION,
        product: request.product,
        title: `Hold lot ${lot.lotId} for ${request.ncrId}`,
        rationale: why,
        recommendedSteps: [
          `Locate lot ${lot.lotId} and segregate it from released stock.`,
          `Keep lot ${lot.lotId} on hold until investigation ${investigationId} sets a disposition.`,
          ...(t.steps[0] ? [t.steps[0]] : []),
        ],
        evidence: t.evidence,
        confidence,
        generation: t.generation,
        ttlMs: HOLD_TTL_MS,
      }).message,
    };
  }

  private recommendation(t: Triaged, relatedActionIds: string[]): OutgoingMessage {
    const { request, output, severity } = t;
    const recommendationId = derivedId('qa-rec', request.trigger.eventId, request.ncrId);
    const lotLine = (l: AffectedLot) =>
      `- ${l.lotId} (${l.relation}${l.via ? ` via ${l.via.parentLotId}` : ''})`;
    const body = [
      `**${request.ncrId}**: ${output.category}, ${severity} (disposition hint: ${output.dispositionHint})`,
      '',
      `${t.modelWritten ? MODEL_WRITTEN : ''}${output.summary}`,
      '',
      '**Containment**',
      ...t.steps.map((c) => `- ${c}`),
      '',
      `**Affected lots** (${t.affected.length})`,
      ...(t.affected.length ? t.affected.map(lotLine) : ['- none named']),
      '',
      '**Similar past NCRs**',
      ...(t.similar.length
        ? t.similar.map(
            (s) =>
              `- ${s.record.ncrId}: ${s.record.category}, ${s.record.severity} (shares ${s.shared.join(', ')})`,
          )
        : ['- none found']),
    ].join('\n');
    return this.deps.messages.recommendation(request.trigger, {
      recommendationId,
      kind: RecommendationKind.NCR_TRIAGE,
      title: `${request.ncrId} triage: ${output.category}, ${severity}`,
      bodyMarkdown: body,
      data: {
        ncrId: request.ncrId,
        origin: request.origin,
        category: output.category,
        qmsCategory: request.qmsCategory,
        severity,
        modelSeverity: output.severity,
        qmsSeverity: request.qmsSeverity ?? null,
        dispositionHint: output.dispositionHint,
        containment: t.steps,
        affectedLots: t.affected.map((l) => ({
          lotId: l.lotId,
          relation: l.relation,
          depth: l.depth,
          parentLotId: l.via?.parentLotId ?? null,
        })),
        similarNcrs: t.similar.map((s) => ({ ncrId: s.record.ncrId, shared: s.shared })),
      },
      citations: t.evidence,
      generation: t.generation,
      relatedActionIds,
      typedData: {
        $case: 'ncrTriage',
        value: {
          ncrId: request.ncrId,
          origin: request.origin,
          category: output.category,
          qmsCategory: request.qmsCategory,
          severity,
          modelSeverity: output.severity,
          qmsSeverity: request.qmsSeverity ?? '',
          dispositionHint: output.dispositionHint,
          containment: t.steps,
          affectedLots: t.affected.map((l) => ({
            lotId: l.lotId,
            relation: l.relation,
            depth: l.depth,
            parentLotId: l.via?.parentLotId ?? '',
          })),
          similarNcrs: t.similar.map((s) => ({ ncrId: s.record.ncrId, shared: s.shared })),
        },
      },
    }).message;
  }
}
