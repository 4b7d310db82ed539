import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@andon/bus';
import { RecommendationKind, RiskClass, type MaterialStatus } from '@andon/contracts';
import { LlmGateway, type ScheduleRiskInput, type ScheduleRiskOutput } from '@andon/llm';
import { AgentContext, AgentMessages } from '@andon/agent-kit';
import { derivedId } from '@andon/agent-kit';
import { eventEvidence, evidenceInCitationOrder, type AgentSource } from '@andon/agent-kit';
import { generateGoverned, outputConfidence } from '@andon/agent-kit';
import type { DecodedPlantEvent } from '@andon/agent-kit';
import type { LineFact } from '../facts/line-fact';
import { PlantModel } from '@andon/plant-model';
import type { ProductionAgentSettings } from '../config/production-agent.config';
import { LineFactsRepository } from '../facts/line-facts.repository';

const HOUR = 3_600_000;
/** policies/v1/production.yaml: publish-schedule-scenario expires after PT12H. */
const NOTICE_TTL_MS = 12 * HOUR;
const ACTIVE_ORDER_STATES = new Set(['released', 'started', 'paused']);
const RECENT_MS = 24 * HOUR;
/** How far back an NCR raised on the line still counts as a hold unless a CLOSED update followed. */
const OPEN_NCR_LOOKBACK_MS = 7 * 24 * HOUR;

interface Order {
  orderId: string;
  product: string;
  dueAt: number;
  remaining: number;
  fact?: LineFact;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * An ERP shortage against MES progress: how much of the order (or of the next hours of
 * the line's plan when no order is named) is left, at what rate, against which due date,
 * with scenario options for planners, proposed as a schedule notice (decision support).
 */
@Injectable()
export class ScheduleRiskService {
  private readonly settings: { rateFactor: number; horizonHours: number };

  constructor(
    @Inject(LineFactsRepository) private readonly facts: LineFactsRepository,
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
    @Inject(AgentMessages) private readonly messages: AgentMessages,
    /** Ideal rates per line: the planned rate when the shortage is assessed. */
    @Inject(PlantModel) private readonly plant: PlantModel,
    @Inject(AgentContext) { config: c }: AgentContext<ProductionAgentSettings>,
  ) {
    this.settings = {
      rateFactor: c.PRODUCTION_SCHEDULE_RATE_FACTOR,
      horizonHours: c.PRODUCTION_SCHEDULE_HORIZON_HOURS,
    };
  }

  async assess(trigger: DecodedPlantEvent, shortage: MaterialStatus): Promise<OutgoingMessage[]> {
    const at = trigger.occurredAt.getTime();
    const { site, line } = trigger;
    const ideal = this.plant.idealRate(site, line);
    const ratePerHour = round1(
      Math.max(
        1,
        (ideal ?? (await this.observedRatePerMinute(site, line, at)) ?? 1) * 60 * this.settings.rateFactor,
      ),
    );
    const order = await this.orderFor(trigger, shortage, ratePerHour);
    const recent = await this.facts.inWindow(site, line, ['material'], at - RECENT_MS, at);
    const ncrs = await this.facts.inWindow(site, line, ['ncr', 'ncr_closed'], at - OPEN_NCR_LOOKBACK_MS, at);
    const otherShortages = latestShortages(
      recent.filter((f) => f.kind === 'material' && f.state === 'short' && f.ref !== shortage.materialId),
    );
    const material = shortage.materialId || shortage.lotId || 'unnamed material';
    // A SHORT status without a quantity means none is available: the whole remaining order is short.
    const shortQuantity = shortage.quantity > 0 ? shortage.quantity : Math.max(1, order.remaining);
    const input: ScheduleRiskInput = {
      orderId: order.orderId,
      ...(order.product ? { product: order.product } : {}),
      dueDate: iso(order.dueAt),
      remainingQuantity: order.remaining,
      ratePerHour,
      availableHours: round1(Math.max(0, (order.dueAt - at) / HOUR)),
      plannedDowntimeHours: 0,
      materialShortages: [
        { material, shortQuantity },
        ...otherShortages.map((f) => ({
          material: f.ref ?? 'unnamed material',
          shortQuantity: f.quantity && f.quantity > 0 ? f.quantity : Math.max(1, order.remaining),
        })),
      ],
      openQualityHolds: openNcrCount(ncrs),
    };
    const sources: AgentSource[] = [
      ...(order.fact ? [orderSource(order.fact)] : []),
      ...otherShortages.map(shortageSource),
    ];
    const { result, generation } = await generateGoverned<ScheduleRiskOutput>(
      this.gateway,
      'schedule-risk',
      input,
      sources,
      trigger,
      ['rationale', 'mes_call.payload_json.summary'],
    );
    const out = result.output;
    const modelWritten = result.generation.deterministic ? '' : '(Model-written summary) ';
    const evidence = evidenceInCitationOrder(
      trigger,
      `${material} short${shortage.supplier ? ` from ${shortage.supplier}` : ''}: ${shortage.quantity} ${shortage.unit}`.trim(),
      sources,
    );
    const actionId = derivedId('pa-schedule', trigger.eventId, order.orderId, material);
    const title = `Schedule risk ${out.riskLevel} for ${order.orderId} on ${site}/${line}: ${material} short`;
    const action = this.messages.action(trigger, {
      actionId,
      intent: {
        type: 'mes.publish_schedule_scenario',
        body: {
          site,
          line,
          orderId: order.orderId,
          material,
          riskLevel: out.riskLevel,
          summary: out.summary,
          scenarios: out.scenarios.map((s) => ({ name: s.name, description: s.description })),
        },
      },
      riskClass: RiskClass.DECISION_SUPPORT,
      product: order.product,
      title,
      rationale: [`${modelWritten}${out.summary}`, ...out.drivers].join(' '),
      // Steps come from the rule engine's scenarios, never from a model's free text.
      recommendedSteps: result.ruleOutput.scenarios.map((s) => `${s.name}: ${s.description}`),
      evidence,
      confidence: outputConfidence(result.generation, order.fact ? 0.75 : 0.6),
      generation,
      ttlMs: NOTICE_TTL_MS,
    });
    const recommendation = this.messages.recommendation(trigger, {
      recommendationId: derivedId('pa-schedrec', trigger.eventId, order.orderId, material),
      kind: RecommendationKind.SCHEDULE_RISK,
      title,
      bodyMarkdown: [
        out.summary,
        '',
        '**Drivers**',
        ...out.drivers.map((d) => `- ${d}`),
        '',
        '**Scenarios**',
        ...out.scenarios.map((s) => `- ${s.name}: ${s.description}`),
      ].join('\n'),
      data: {
        orderId: order.orderId,
        orderKnown: order.fact !== undefined,
        riskLevel: out.riskLevel,
        dueDate: input.dueDate,
        remainingQuantity: input.remainingQuantity,
        ratePerHour: input.ratePerHour,
        availableHours: input.availableHours,
        materialShortages: input.materialShortages,
        scenarios: out.scenarios,
      },
      citations: evidence,
      generation,
      relatedActionIds: [actionId],
    });
    return [action.message, recommendation.message];
  }

  /** The order the shortage names, else the line's active order with a due date, else the next hours of the line's plan. */
  private async orderFor(
    trigger: DecodedPlantEvent,
    shortage: MaterialStatus,
    ratePerHour: number,
  ): Promise<Order> {
    const at = trigger.occurredAt.getTime();
    const named = shortage.workOrderId
      ? await this.facts.latestByRef(trigger.site, 'work_order', shortage.workOrderId, at)
      : undefined;
    const fact = named ?? (await this.activeOrder(trigger.site, trigger.line, at));
    if (fact?.dueAt) {
      return {
        orderId: fact.ref ?? 'unnamed order',
        product: fact.product ?? '',
        dueAt: fact.dueAt,
        remaining: Math.max(0, Math.round((fact.planned ?? 0) - (fact.completed ?? 0))),
        fact,
      };
    }
    const hours = this.settings.horizonHours;
    return {
      orderId: `${trigger.line}-next-${hours}h`,
      product: '',
      dueAt: at + hours * HOUR,
      remaining: Math.round(ratePerHour * hours),
    };
  }

  private async activeOrder(site: string, line: string, at: number): Promise<LineFact | undefined> {
    const orders = await this.facts.inWindow(site, line, ['work_order'], at - 7 * 24 * HOUR, at + 1);
    const latest = new Map<string, LineFact>();
    for (const o of orders) latest.set(o.ref ?? o.eventId, o);
    return [...latest.values()]
      .filter((o) => ACTIVE_ORDER_STATES.has(o.state ?? '') && o.dueAt && o.dueAt > at)
      .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0))[0];
  }

  private async observedRatePerMinute(site: string, line: string, at: number): Promise<number | undefined> {
    const counts = await this.facts.inWindow(site, line, ['count'], at - HOUR, at);
    const units = counts.reduce((s, c) => s + (c.good ?? 0), 0);
    return units > 0 ? units / 60 : undefined;
  }
}

/**
 * NCRs raised on this line and not closed since: each NCR id once, however many times it
 * was reported; a close at the same instant as a raise wins. This is the agent's line
 * view over its own facts (7 days); plant-query's `open_ncrs` answers for a site over all
 * history.
 */
export function openNcrCount(facts: readonly LineFact[]): number {
  return openNcrIds(facts).length;
}

/** The ids of those NCRs, in the order they were raised (the shift-change view lists them). */
export function openNcrIds(facts: readonly LineFact[]): string[] {
  const open = new Set<string>();
  const closesLast = (f: LineFact) => (f.kind === 'ncr_closed' ? 1 : 0);
  for (const f of [...facts].sort((a, b) => a.at - b.at || closesLast(a) - closesLast(b))) {
    const id = f.ref ?? f.eventId;
    if (f.kind === 'ncr') open.add(id);
    else if (f.kind === 'ncr_closed') open.delete(id);
  }
  return [...open];
}

function latestShortages(facts: readonly LineFact[]): LineFact[] {
  const byMaterial = new Map<string, LineFact>();
  for (const f of facts) byMaterial.set(f.ref ?? f.eventId, f);
  return [...byMaterial.values()];
}

function orderSource(f: LineFact): AgentSource {
  const text = `Work order ${f.ref} (${f.product || 'product not named'}) is ${f.state}: ${f.completed ?? 0} of ${f.planned ?? 0} done, due ${f.dueAt ? iso(f.dueAt) : 'unknown'}.`;
  return {
    source: {
      id: `mes:work-order:${f.ref}`,
      kind: 'mes-work-order',
      title: `Work order ${f.ref}`,
      text,
      data: { planned: f.planned ?? 0, completed: f.completed ?? 0 },
    },
    evidence: eventEvidence(f.eventId, text),
  };
}

function shortageSource(f: LineFact): AgentSource {
  const text = `Material ${f.ref} is short${f.supplier ? ` from ${f.supplier}` : ''}: ${f.quantity ?? 0} available.`;
  return {
    source: {
      id: `erp:material:${f.ref}`,
      kind: 'erp-material',
      title: `Shortage of ${f.ref}`,
      text,
      data: { quantity: f.quantity ?? 0 },
    },
    evidence: eventEvidence(f.eventId, text),
  };
}
