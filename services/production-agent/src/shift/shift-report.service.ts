import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@andon/bus';
import {
  EvidenceKind,
  RecommendationKind,
  RiskClass,
  type EvidenceRef,
  type ShiftEnd,
} from '@andon/contracts';
import {
  LlmGateway,
  type ProductionNarrativeInput,
  type ProductionNarrativeOutput,
  type ShiftHandoffInput,
  type ShiftHandoffOutput,
  stepText,
} from '@andon/llm';
import { AgentContext, AgentMessages } from '@andon/agent-kit';
import { derivedId } from '@andon/agent-kit';
import { eventEvidence, recordEvidence, stepEvidence } from '@andon/agent-kit';
import { generateGoverned, outputConfidence } from '@andon/agent-kit';
import type { DecodedPlantEvent } from '@andon/agent-kit';
import { PlantModel } from '@andon/plant-model';
import { PendingApprovalsRepository, type TrackedAction } from '../approvals/pending-approvals.repository';
import type { ProductionAgentSettings } from '../config/production-agent.config';
import { LineFactsRepository } from '../facts/line-facts.repository';
import { intervalMinutes } from '../oee/downtime-intervals';
import { gatherShiftFacts, type ShiftFacts } from './shift-facts';
import { ShiftReportsRepository } from './shift-reports.repository';

const HOUR = 3_600_000;
/** policies/v1/production.yaml: post-shift-log expires after PT12H. */
const SHIFT_LOG_TTL_MS = 12 * HOUR;
const DEFAULT_SHIFT_MS = 8 * HOUR;
const MAX_NOTES = 20;

const round1 = (n: number) => Math.round(n * 10) / 10;
/** The kind names the console links by (an event opens the plant record, a record the action). */
const EVIDENCE_KINDS: Readonly<Partial<Record<EvidenceKind, string>>> = {
  [EvidenceKind.EVENT]: 'event',
  [EvidenceKind.RECORD]: 'record',
  [EvidenceKind.DOCUMENT]: 'document',
};
const pct = (n: number | null) => (n === null ? 'unknown' : `${round1(n * 100)}%`);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * At shift end: OEE computed in code (never by a model), a production narrative that the
 * gateway's number check holds to those figures, and the "what changed" handoff proposed
 * for the MES shift log (a supervisor approves, which is the incoming supervisor's
 * acknowledgement), each also published as a recommendation.
 */
@Injectable()
export class ShiftReportService {
  constructor(
    @Inject(LineFactsRepository) private readonly facts: LineFactsRepository,
    @Inject(PendingApprovalsRepository) private readonly approvals: PendingApprovalsRepository,
    @Inject(ShiftReportsRepository) private readonly reports: ShiftReportsRepository,
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
    @Inject(AgentMessages) private readonly messages: AgentMessages,
    /** Ideal rates per line (OEE performance). */
    @Inject(PlantModel) private readonly plant: PlantModel,
    @Inject(AgentContext) private readonly agent: AgentContext<ProductionAgentSettings>,
  ) {}

  async report(trigger: DecodedPlantEvent, shift: ShiftEnd): Promise<OutgoingMessage[]> {
    const to = (shift.endedAt ?? trigger.occurredAt).getTime();
    const from = shift.startedAt?.getTime() ?? to - DEFAULT_SHIFT_MS;
    const shiftId =
      shift.shiftId || `${trigger.site}-${trigger.line}-${shift.shiftCode || 'shift'}-${iso(to)}`;
    const shiftName = shift.shiftCode || shiftId;
    const facts = await gatherShiftFacts(
      this.facts,
      trigger.site,
      trigger.line,
      from,
      to,
      this.plant.idealRate(trigger.site, trigger.line),
    );
    if (!shift.startedAt)
      facts.oee.dataQualityIssues.push('the shift end named no start time; an 8-hour shift was assumed');
    const pending = await this.approvals.pendingAt(trigger.site, trigger.line, to);
    const where = `${trigger.site}/${trigger.line}`;

    const narrative = await generateGoverned<ProductionNarrativeOutput>(
      this.gateway,
      'production-narrative',
      narrativeInput(where, shiftName, to, facts),
      [],
      trigger,
    );
    const handoff = await generateGoverned<ShiftHandoffOutput>(
      this.gateway,
      'shift-handoff',
      handoffInput(where, shiftName, facts, pending),
      [],
      trigger,
      ['rationale', 'body_markdown', 'mes_call.payload_json.summary', 'mes_call.payload_json.body'],
    );
    const evidence = shiftEvidence(trigger, shiftName, facts, pending);

    const title = `Shift ${shiftName} handoff, ${where}, ${iso(to).slice(0, 10)}`;
    const body = handoffMarkdown(
      handoff.result.output.summary,
      handoff.result.ruleOutput,
      facts,
      !handoff.result.generation.deterministic,
    );
    const actionId = derivedId('pa-shiftlog', trigger.eventId, shiftId);
    const handoffGeneration = handoff.generation;
    const modelWritten = handoff.result.generation.deterministic ? '' : '(Model-written summary) ';
    const action = this.messages.action(trigger, {
      actionId,
      intent: {
        type: 'mes.post_shift_log',
        body: {
          site: trigger.site,
          line: trigger.line,
          shiftId,
          shiftCode: shift.shiftCode,
          from: iso(from),
          to: iso(to),
          title,
          summary: handoff.result.output.summary,
          body,
        },
      },
      riskClass: RiskClass.DECISION_SUPPORT,
      product: '',
      title,
      rationale: `${modelWritten}${handoff.result.output.summary}`,
      // Steps are this agent's fixed acknowledgement step and steps of effective procedures (their own
      // words, cited); watch items and operator notes stay in the handoff body, never a step.
      recommendedSteps: [
        'Incoming supervisor: read the handoff and approve to post it to the MES shift log as your acknowledgement.',
        ...handoff.result.steps.map(stepText),
      ],
      evidence: [...evidence, ...handoff.result.steps.map(stepEvidence)],
      confidence: outputConfidence(handoff.result.generation, 0.8),
      generation: handoffGeneration,
      ttlMs: SHIFT_LOG_TTL_MS,
    });
    const handoffRec = this.messages.recommendation(trigger, {
      recommendationId: derivedId('pa-handoff', trigger.eventId, shiftId),
      kind: RecommendationKind.SHIFT_HANDOFF,
      title,
      bodyMarkdown: body,
      data: {
        shiftId,
        from: iso(from),
        to: iso(to),
        downtimeMinutes: facts.oee.downtimeMinutes,
        qualityEvents: facts.quality.length,
        pendingApprovals: pending.map((p) => p._id),
        openMaintenance: facts.openMaintenance.map((m) => m.ref ?? m.eventId),
      },
      citations: evidence,
      generation: handoffGeneration,
      relatedActionIds: [actionId],
      typedData: {
        $case: 'shiftHandoff',
        value: {
          shiftId,
          from: new Date(from),
          to: new Date(to),
          downtimeMinutes: facts.oee.downtimeMinutes,
          qualityEvents: facts.quality.length,
          pendingApprovals: pending.map((p) => p._id),
          openMaintenance: facts.openMaintenance.map((m) => m.ref ?? m.eventId),
        },
      },
    });
    const o = facts.oee;
    const reportRec = this.messages.recommendation(trigger, {
      recommendationId: derivedId('pa-report', trigger.eventId, shiftId),
      kind: RecommendationKind.PRODUCTION_REPORT,
      title: `Production report ${where}, shift ${shiftName}: OEE ${pct(o.oee)}`,
      bodyMarkdown: reportMarkdown(narrative.result.output, facts),
      data: {
        shiftId,
        from: iso(from),
        to: iso(to),
        oee: o.oee,
        availability: o.availability,
        performance: o.performance,
        quality: o.quality,
        plannedMinutes: o.plannedMinutes,
        downtimeMinutes: o.downtimeMinutes,
        runMinutes: o.runMinutes,
        good: o.good,
        scrap: o.scrap,
        idealRatePerMinute: this.plant.idealRate(trigger.site, trigger.line) ?? null,
        downtimePareto: facts.pareto,
        dataQualityIssues: o.dataQualityIssues,
        attainmentBand: narrative.result.output.attainmentBand,
      },
      citations: evidence,
      generation: narrative.generation,
      relatedActionIds: [],
    });
    await this.reports.insert({
      _id: ShiftReportsRepository.idOf(trigger.site, trigger.line, shiftId),
      site: trigger.site,
      line: trigger.line,
      shiftId,
      shiftCode: shift.shiftCode,
      startedAt: from,
      endedAt: to,
      plannedMinutes: o.plannedMinutes,
      downtimeMinutes: o.downtimeMinutes,
      good: o.good,
      scrap: o.scrap,
      availability: o.availability,
      performance: o.performance,
      quality: o.quality,
      oee: o.oee,
      pareto: facts.pareto,
      machinePareto: machinePareto(facts),
      dataQualityIssues: o.dataQualityIssues,
      handoffTitle: title,
      handoffBody: body,
      ...(handoff.result.generation.inputFlagged
        ? { inputFlagged: true, injectionKinds: handoff.result.generation.injectionKinds ?? [] }
        : {}),
      citations: evidence.map((e) => ({
        kind: EVIDENCE_KINDS[e.kind] ?? 'record',
        id: e.id,
        revision: e.revision,
        note: e.excerpt,
      })),
      actionId,
      createdAt: this.agent.now().getTime(),
      eventId: trigger.eventId,
    });
    return [action.message, handoffRec.message, reportRec.message];
  }
}

function narrativeInput(
  where: string,
  shiftName: string,
  to: number,
  f: ShiftFacts,
): ProductionNarrativeInput {
  const o = f.oee;
  return {
    line: where,
    periodLabel: `shift ${shiftName} ending ${iso(to)}`,
    planned: f.plannedUnits,
    good: Math.round(o.good),
    scrap: Math.round(o.scrap),
    availability: o.availability,
    ...(o.performance !== null ? { performance: o.performance } : {}),
    quality: o.quality,
    downtimeMinutes: round1(o.downtimeMinutes),
    topLosses: f.pareto.slice(0, 5),
    dataQualityIssues: o.dataQualityIssues,
  };
}

function handoffInput(
  where: string,
  shiftName: string,
  f: ShiftFacts,
  pending: readonly TrackedAction[],
): ShiftHandoffInput {
  return {
    line: where,
    shift: shiftName,
    from: iso(f.from),
    to: iso(f.to),
    downtime: f.intervals.map((i) => ({
      asset: i.machineId || where,
      reason: i.open ? `${i.reason}, still down at shift end` : i.reason,
      minutes: round1(intervalMinutes(i)),
      start: iso(i.start),
    })),
    qualityEvents: f.quality.map((q) => ({
      id: q.ref ?? q.eventId,
      type: q.kind === 'ncr' ? 'nonconformance' : 'failed check',
      description: `${q.text ?? ''}${q.lotId ? ` (lot ${q.lotId})` : ''}`.trim() || 'no description',
      ...(q.kind === 'ncr' && q.quantity ? { quantity: Math.round(q.quantity) } : {}),
    })),
    openActions: [
      ...pending.map((a) => ({
        id: a._id,
        description: `${a.title || a.actionType} awaits approval`,
        owner: a.proposedBy,
      })),
      ...f.openMaintenance.map((m) => ({
        id: m.ref ?? m.eventId,
        description: `maintenance work order ${m.state ?? 'open'} on ${m.machineId || 'the line'}${m.text ? `: ${m.text}` : ''}`,
      })),
    ],
    production: { good: Math.round(f.oee.good), scrap: Math.round(f.oee.scrap), planned: f.plannedUnits },
    operatorNotes: f.notes
      .slice(0, MAX_NOTES)
      .map((n) => n.text ?? '')
      .filter((t) => t !== ''),
  };
}

function shiftEvidence(
  trigger: DecodedPlantEvent,
  shiftName: string,
  f: ShiftFacts,
  pending: readonly TrackedAction[],
): EvidenceRef[] {
  const refs: EvidenceRef[] = [
    eventEvidence(trigger.eventId, `End of shift ${shiftName} on ${trigger.site}/${trigger.line}`),
  ];
  for (const i of f.intervals)
    for (const id of i.eventIds) refs.push(eventEvidence(id, `${i.reason} on ${i.machineId || 'the line'}`));
  for (const q of f.quality) refs.push(eventEvidence(q.eventId, q.text ?? q.kind));
  for (const m of f.openMaintenance)
    refs.push(eventEvidence(m.eventId, `maintenance work order ${m.ref ?? ''} ${m.state ?? ''}`));
  for (const a of pending) refs.push(recordEvidence(a._id, `pending approval: ${a.title}`));
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/** Stop minutes per machine, largest first (the Pareto by machine beside the one by reason). */
function machinePareto(f: ShiftFacts): Array<{ machineId: string; minutes: number }> {
  const byMachine = new Map<string, number>();
  for (const i of f.intervals)
    byMachine.set(i.machineId || 'line', (byMachine.get(i.machineId || 'line') ?? 0) + intervalMinutes(i));
  return [...byMachine.entries()]
    .map(([machineId, minutes]) => ({ machineId, minutes: round1(minutes) }))
    .sort((a, b) => b.minutes - a.minutes || a.machineId.localeCompare(b.machineId));
}

/**
 * The shift-log body posted to the MES: a model may write the summary (labelled as such);
 * every list comes from the rule engine, which never quotes flagged notes or descriptions.
 */
function handoffMarkdown(
  summary: string,
  h: ShiftHandoffOutput,
  f: ShiftFacts,
  modelWritten: boolean,
): string {
  const section = (title: string, items: readonly string[]) => [
    `**${title}**`,
    ...(items.length ? items.map((i) => `- ${i}`) : ['- none']),
    '',
  ];
  return [
    `${modelWritten ? '(Model-written summary) ' : ''}${summary}`,
    '',
    `OEE ${pct(f.oee.oee)} (availability ${pct(f.oee.availability)}, performance ${pct(f.oee.performance)}, quality ${pct(f.oee.quality)}).`,
    '',
    ...section('Downtime', h.downtime),
    ...section('Quality events', h.qualityEvents),
    ...section('Open issues and pending approvals', h.openActions),
    ...section('Watch items', h.watchItems),
  ]
    .join('\n')
    .trim();
}

function reportMarkdown(n: ProductionNarrativeOutput, f: ShiftFacts): string {
  const o = f.oee;
  return [
    n.headline,
    '',
    n.narrative,
    '',
    '| OEE | availability | performance | quality | good | scrap | downtime (min) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ${pct(o.oee)} | ${pct(o.availability)} | ${pct(o.performance)} | ${pct(o.quality)} | ${o.good} | ${o.scrap} | ${round1(o.downtimeMinutes)} |`,
    ...(n.dataQualityNotes.length
      ? ['', '**Data quality**', ...n.dataQualityNotes.map((d) => `- ${d}`)]
      : []),
  ].join('\n');
}
