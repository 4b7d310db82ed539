import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@andon/bus';
import { RecommendationKind, RiskClass } from '@andon/contracts';
import {
  LlmGateway,
  stepText,
  type MaintenanceProposalInput,
  type MaintenanceProposalOutput,
  type ProcedureRevisionText,
} from '@andon/llm';
import { AgentContext, AgentMessages } from '@andon/agent-kit';
import { derivedId } from '@andon/agent-kit';
import {
  eventEvidence,
  evidenceInCitationOrder,
  procedureAgentSource,
  ProcedureRevisionsStore,
  stepEvidence,
  type AgentSource,
} from '@andon/agent-kit';
import { generateGoverned, outputConfidence } from '@andon/agent-kit';
import type { DecodedPlantEvent } from '@andon/agent-kit';
import type { MaintenanceAgentSettings } from '../config/maintenance-agent.config';
import { EquipmentFactsRepository, type EquipmentFact, type PartLine } from './equipment-facts.repository';
import { historianTrends, type TagTrend } from './historian-trend';

const HOUR = 3_600_000;
/** policies/v1/maintenance.yaml: create-work-order expires after PT24H. */
const WORK_ORDER_TTL_MS = 24 * HOUR;
const HISTORY_MS = 90 * 24 * HOUR;
/** When the work should happen, by priority: [starts after, ends within]. */
const WINDOWS: Record<MaintenanceProposalOutput['priority'], [number, number]> = {
  emergency: [0, 4 * HOUR],
  urgent: [0, 24 * HOUR],
  routine: [24 * HOUR, 7 * 24 * HOUR],
};
const SIGNIFICANT_SIGMAS = 2;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * An alarm burst on a machine, correlated with its historian trends, its earlier
 * maintenance work orders and the stock of the parts those used: probable causes ranked
 * by the maintenance-proposal use case, proposed as a corrective work order with parts
 * and a window (workflow initiation), and published as a recommendation.
 */
@Injectable()
export class WorkOrderProposalService {
  private readonly deps;

  constructor(
    @Inject(EquipmentFactsRepository) facts: EquipmentFactsRepository,
    @Inject(LlmGateway) gateway: LlmGateway,
    @Inject(AgentMessages) messages: AgentMessages,
    @Inject(AgentContext) agent: AgentContext<MaintenanceAgentSettings>,
    @Inject(ProcedureRevisionsStore) procedures: ProcedureRevisionsStore,
  ) {
    const c = agent.config;
    this.deps = {
      facts,
      gateway,
      messages,
      procedures,
      settings: {
        lookbackHours: c.MAINTENANCE_LOOKBACK_HOURS,
        trendRecentMinutes: c.MAINTENANCE_TREND_RECENT_MINUTES,
      },
    };
  }

  async propose(trigger: DecodedPlantEvent, machineId: string): Promise<OutgoingMessage[]> {
    const at = trigger.occurredAt.getTime();
    const { site, line } = trigger;
    const s = this.deps.settings;
    const alarms = await this.deps.facts.forMachine(
      site,
      machineId,
      'alarm',
      at - s.lookbackHours * HOUR,
      at + 1,
    );
    const readings = await this.deps.facts.forMachine(
      site,
      machineId,
      'reading',
      at - s.lookbackHours * HOUR,
      at + 1,
    );
    const history = latestPerWorkOrder(
      await this.deps.facts.forMachine(site, machineId, 'work_order', at - HISTORY_MS, at + 1),
    );
    const partLines = uniqueParts(history);
    const stock = await this.deps.facts.stock(
      site,
      partLines.map((p) => p.partNumber),
      at,
    );
    const trends = historianTrends(readings, at - s.trendRecentMinutes * 60_000).filter(
      (t) => Math.abs(t.shiftSigmas) >= SIGNIFICANT_SIGMAS,
    );

    const byCode = new Map<string, EquipmentFact[]>();
    for (const a of alarms) byCode.set(a.ref, [...(byCode.get(a.ref) ?? []), a]);
    const input: MaintenanceProposalInput = {
      assetId: machineId,
      alarms: [...byCode.entries()].map(([code, as]) => ({
        code,
        text: as[as.length - 1]?.text ?? code,
        count: as.length,
        lastAt: iso(as[as.length - 1]?.at ?? at),
      })),
      workOrders: history.map((wo) => ({
        id: wo.ref,
        date: iso(wo.at).slice(0, 10),
        ...(wo.failureCode ? { failureCode: wo.failureCode } : {}),
        description:
          [wo.text, wo.alarmCodes && `alarms ${wo.alarmCodes}`].filter(Boolean).join('; ') ||
          `work order ${wo.state}`,
      })),
      spareParts: partLines.map((p) => ({
        partNumber: p.partNumber,
        description: p.description || p.partNumber,
        onHand: Math.max(0, Math.floor(stock.get(p.partNumber)?.value ?? p.onHand)),
      })),
    };
    // The procedures that answer these alarms (learned from the documents topic): their steps are the only procedure steps (ADR 0022).
    const procedures = await this.deps.procedures.forSite(
      site,
      answersAlarms(input.alarms.map((a) => a.code)),
    );
    const sources: AgentSource[] = [
      ...trends.map((t) => trendSource(machineId, t)),
      ...history.map(workOrderSource),
      ...[...stock.values()].map(stockSource),
      ...procedures.map(procedureAgentSource),
    ];
    const { result, generation } = await generateGoverned<MaintenanceProposalOutput>(
      this.deps.gateway,
      'maintenance-proposal',
      input,
      sources,
      trigger,
      ['rationale', 'mes_call.payload_json.description'],
    );
    const out = result.output;
    const modelWritten = result.generation.deterministic ? '' : '(Model-written summary) ';
    const evidence = [
      ...evidenceInCitationOrder(
        trigger,
        `alarm burst on ${machineId}: ${input.alarms.map((a) => `${a.code} x${a.count}`).join(', ')}`,
        sources,
      ),
      ...alarms
        .filter((a) => a.eventId !== trigger.eventId)
        .map((a) => eventEvidence(a.eventId, `${a.ref} on ${machineId}`)),
    ];
    const [startsAfter, endsWithin] = WINDOWS[out.priority];
    const window = { start: iso(at + startsAfter), end: iso(at + endsWithin) };
    const trendNote = trends.map((t, i) =>
      `${t.tag} averaged ${t.recentMean} ${t.unit} recently against ${t.baselineMean} ${t.unit} before [S${i + 1}].`.replace(
        / {2}/g,
        ' ',
      ),
    );
    const actionId = derivedId('ma-mwo', trigger.eventId, machineId);
    const title = `Corrective work order for ${machineId} (${out.priority}): ${out.probableCauses[0]?.cause ?? 'alarm burst'}`;
    const action = this.deps.messages.action(trigger, {
      actionId,
      intent: {
        type: 'mes.create_work_order',
        body: {
          site,
          line,
          machineId,
          type: 'corrective',
          priority: out.priority,
          title,
          description: out.summary,
          probableCauses: out.probableCauses.map((c) => `${c.cause} (${c.likelihood})`),
          parts: input.spareParts.map((p) => ({ partNumber: p.partNumber, quantity: 1, onHand: p.onHand })),
          window,
        },
      },
      riskClass: RiskClass.WORKFLOW_INITIATION,
      product: '',
      title,
      rationale: [
        `${modelWritten}${out.summary}`,
        ...(out.probableCauses[0] ? [out.probableCauses[0].evidence] : []),
        ...trendNote,
      ].join(' '),
      // Steps: the alarm procedure's own steps (cited), then the rule engine's workflow; never a model's free text.
      recommendedSteps: [...result.steps.map(stepText), ...result.ruleOutput.proposedWorkflow],
      evidence: [...evidence, ...result.steps.map(stepEvidence)],
      confidence: outputConfidence(
        result.generation,
        out.probableCauses[0]?.likelihood === 'high' ? 0.75 : 0.6,
      ),
      generation,
      ttlMs: WORK_ORDER_TTL_MS,
    });
    const recommendation = this.deps.messages.recommendation(trigger, {
      recommendationId: derivedId('ma-rec', trigger.eventId, machineId),
      kind: RecommendationKind.MAINTENANCE_PROPOSAL,
      title,
      bodyMarkdown: [
        out.summary,
        ...(trendNote.length ? ['', '**Historian trends**', ...trendNote.map((t) => `- ${t}`)] : []),
        '',
        '**Probable causes**',
        ...out.probableCauses.map((c, i) => `${i + 1}. ${c.cause} (${c.likelihood}): ${c.evidence}`),
        '',
        `**Parts** (${out.partsStatus})`,
        ...(input.spareParts.length
          ? input.spareParts.map((p) => `- ${p.partNumber} ${p.description}: ${p.onHand} on hand`)
          : ['- none known']),
        '',
        `**Window**: ${window.start} to ${window.end}`,
      ].join('\n'),
      data: {
        machineId,
        priority: out.priority,
        partsStatus: out.partsStatus,
        probableCauses: out.probableCauses,
        window,
        trends: trends.map((t) => ({ ...t })),
        priorWorkOrders: history.map((h) => h.ref),
      },
      citations: evidence,
      generation,
      relatedActionIds: [actionId],
    });
    return [action.message, recommendation.message];
  }
}

function latestPerWorkOrder(facts: readonly EquipmentFact[]): EquipmentFact[] {
  const latest = new Map<string, EquipmentFact>();
  for (const f of facts) latest.set(f.ref, f);
  return [...latest.values()].sort((a, b) => b.at - a.at).slice(0, 10);
}

function uniqueParts(history: readonly EquipmentFact[]): PartLine[] {
  const parts = new Map<string, PartLine>();
  for (const wo of history)
    for (const p of wo.parts ?? []) if (!parts.has(p.partNumber)) parts.set(p.partNumber, p);
  return [...parts.values()];
}

function trendSource(machineId: string, t: TagTrend): AgentSource {
  const text = `${t.tag} on ${machineId} averaged ${t.recentMean} ${t.unit} over the last ${t.recentCount} readings against ${t.baselineMean} ${t.unit} over the ${t.baselineCount} before (${t.shiftSigmas} standard deviations).`;
  return {
    source: {
      id: `historian:trend:${t.tag}`,
      kind: 'historian-trend',
      title: `Trend of ${t.tag}`,
      text,
      data: { recentMean: t.recentMean, baselineMean: t.baselineMean, shiftSigmas: t.shiftSigmas },
    },
    evidence: eventEvidence(t.lastEventId, text),
  };
}

function workOrderSource(wo: EquipmentFact): AgentSource {
  const text = `Work order ${wo.ref} (${wo.state}) on ${wo.machineId}: ${wo.text || 'no description'}${wo.failureCode ? `, failure ${wo.failureCode}` : ''}${wo.parts?.length ? `, parts ${wo.parts.map((p) => p.partNumber).join(', ')}` : ''}.`;
  return {
    source: { id: `cmms:work-order:${wo.ref}`, kind: 'cmms-work-order', title: `Work order ${wo.ref}`, text },
    evidence: eventEvidence(wo.eventId, text),
  };
}

function stockSource(f: EquipmentFact): AgentSource {
  const text = `Spare part ${f.ref}: ${f.value ?? 0} on hand.`;
  return {
    source: {
      id: `erp:stock:${f.ref}`,
      kind: 'erp-stock',
      title: `Stock of ${f.ref}`,
      text,
      data: { onHand: f.value ?? 0 },
    },
    evidence: eventEvidence(f.eventId.split('#')[0] ?? f.eventId, text),
  };
}

/** A procedure that names one of the alarm codes (e.g. "alarm A-100") answers the burst. */
function answersAlarms(codes: readonly string[]): (rev: ProcedureRevisionText) => boolean {
  const escaped = codes.filter((c) => c.length > 1).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (escaped.length === 0) return () => false;
  const pattern = new RegExp(`(?<![\\w-])(?:${escaped.join('|')})(?![\\w-])`, 'i');
  return (rev) => pattern.test(rev.text);
}
