import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@andon/bus';
import { RecommendationKind } from '@andon/contracts';
import { LlmGateway, type RootCauseInput, type RootCauseOutput } from '@andon/llm';
import { AgentContext, AgentMessages } from '@andon/agent-kit';
import { derivedId } from '@andon/agent-kit';
import { eventEvidence, evidenceInCitationOrder, type AgentSource } from '@andon/agent-kit';
import { generateGoverned } from '@andon/agent-kit';
import type { DecodedPlantEvent } from '@andon/agent-kit';
import type { ProductionAgentSettings } from '../config/production-agent.config';
import { LineFactsRepository } from '../facts/line-facts.repository';
import { downtimeMinutes } from '@andon/plant-metrics';
import { asStops } from '../oee/downtime-intervals';
import { stopsIn } from '../shift/shift-facts';
import { rankDrivers, type DriverCandidate } from './driver-ranking';
import { spikeTitle, type Spike } from './spike';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface RootCauseSettings {
  windowMinutes: number;
  scrapSpikeRate: number;
  scrapSpikeMinUnits: number;
  downtimeSpikeMinutes: number;
  lookbackHours: number;
}

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/**
 * Cross-system root cause: detects scrap and downtime spikes per line in code, correlates
 * them with lots, suppliers, maintenance work orders, alarms, NCRs and crews, and
 * publishes the ranked drivers with their evidence as a ROOT_CAUSE recommendation.
 */
@Injectable()
export class RootCauseService {
  private readonly settings: RootCauseSettings;

  constructor(
    @Inject(LineFactsRepository) private readonly facts: LineFactsRepository,
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
    @Inject(AgentMessages) private readonly messages: AgentMessages,
    @Inject(AgentContext) { config: c }: AgentContext<ProductionAgentSettings>,
  ) {
    this.settings = {
      windowMinutes: c.PRODUCTION_SPIKE_WINDOW_MINUTES,
      scrapSpikeRate: c.PRODUCTION_SCRAP_SPIKE_RATE,
      scrapSpikeMinUnits: c.PRODUCTION_SCRAP_SPIKE_MIN_UNITS,
      downtimeSpikeMinutes: c.PRODUCTION_DOWNTIME_SPIKE_MINUTES,
      lookbackHours: c.PRODUCTION_ROOT_CAUSE_LOOKBACK_HOURS,
    };
  }

  /** The spike the event completes, if any: scrap on counts, stop minutes on a downtime end. */
  async detect(trigger: DecodedPlantEvent): Promise<Spike | undefined> {
    const s = this.settings;
    const to = trigger.occurredAt.getTime() + 1;
    const from = to - s.windowMinutes * MINUTE;
    const { site, line } = trigger;
    if (trigger.payload.$case === 'productionCount') {
      const counts = await this.facts.inWindow(site, line, ['count'], from, to);
      const scrap = counts.reduce((sum, c) => sum + (c.scrap ?? 0), 0);
      const total = counts.reduce((sum, c) => sum + (c.scrap ?? 0) + (c.good ?? 0), 0);
      if (total < s.scrapSpikeMinUnits || scrap / total < s.scrapSpikeRate) return undefined;
      const before = await this.facts.inWindow(site, line, ['count'], from - s.lookbackHours * HOUR, from);
      const bScrap = before.reduce((sum, c) => sum + (c.scrap ?? 0), 0);
      const bTotal = before.reduce((sum, c) => sum + (c.scrap ?? 0) + (c.good ?? 0), 0);
      return {
        kind: 'scrap',
        site,
        line,
        from,
        to,
        value: scrap / total,
        volume: total,
        ...(bTotal > 0 ? { baseline: bScrap / bTotal } : {}),
      };
    }
    if (trigger.payload.$case === 'downtimeEnd') {
      const stops = await stopsIn(this.facts, site, line, from, to);
      const minutes = downtimeMinutes(asStops(stops), { fromMs: from, toMs: to });
      if (minutes < s.downtimeSpikeMinutes) return undefined;
      return { kind: 'downtime', site, line, from, to, value: minutes, volume: stops.length };
    }
    return undefined;
  }

  async analyse(trigger: DecodedPlantEvent, spike: Spike): Promise<OutgoingMessage[]> {
    const s = this.settings;
    const { site, line } = spike;
    const windowFacts = await this.facts.inWindow(site, line, ['count', 'alarm'], spike.from, spike.to);
    const lookback = await this.facts.inWindow(
      site,
      line,
      ['maintenance', 'labour', 'ncr'],
      spike.to - s.lookbackHours * HOUR,
      spike.to,
    );
    const lots = [...new Set(windowFacts.map((f) => f.lotId).filter((l): l is string => Boolean(l)))];
    const lotFacts = await this.facts.forLots(site, ['material', 'ncr'], lots);
    const stops = await stopsIn(this.facts, site, line, spike.from, spike.to);
    const candidates = rankDrivers({
      spike,
      window: windowFacts,
      lookback,
      lotFacts,
      stops,
      lookbackHours: s.lookbackHours,
    });

    const title = spikeTitle(spike);
    const sources = candidates.map((c) => candidateSource(c, title));
    const problemId = `${spike.kind.toUpperCase()}-SPIKE-${site}-${line}-${new Date(spike.to - 1).toISOString()}`;
    const input: RootCauseInput = {
      problemId,
      problem: title,
      line,
      observedAt: new Date(spike.to - 1).toISOString(),
    };
    const { result, generation } = await generateGoverned<RootCauseOutput>(
      this.gateway,
      'root-cause',
      input,
      sources,
      trigger,
    );
    const measured =
      spike.kind === 'scrap'
        ? `Scrap rate ${pct(spike.value)} over ${spike.volume} units in the last ${s.windowMinutes} minutes${spike.baseline !== undefined ? `, against ${pct(spike.baseline)} in the ${s.lookbackHours} hours before` : ''}.`
        : `The line was stopped ${Math.round(spike.value)} minutes in the last ${s.windowMinutes} minutes (${spike.volume} ${spike.volume === 1 ? 'stop' : 'stops'}).`;
    const evidence = evidenceInCitationOrder(trigger, measured, sources);
    const body = [
      `**${title}** (${site})`,
      '',
      measured,
      '',
      result.output.summary,
      '',
      '**Ranked drivers** (strength: share of the spike explained, or weight of context)',
      ...(candidates.length
        ? candidates.map(
            (c, i) => `${i + 1}. ${c.driver}: ${c.description} (strength ${c.strength}) [S${i + 1}]`,
          )
        : ['- no correlated record found']),
      ...(result.output.dataGaps.length
        ? ['', '**Data gaps**', ...result.output.dataGaps.map((g) => `- ${g}`)]
        : []),
    ].join('\n');
    return [
      this.messages.recommendation(trigger, {
        recommendationId: derivedId('pa-rootcause', trigger.eventId, problemId),
        kind: RecommendationKind.ROOT_CAUSE,
        title: `Root cause candidates: ${title} (${site})`,
        bodyMarkdown: body,
        data: {
          problemId,
          spike: {
            kind: spike.kind,
            from: new Date(spike.from).toISOString(),
            to: new Date(spike.to - 1).toISOString(),
            value: spike.value,
            volume: spike.volume,
            baseline: spike.baseline ?? null,
          },
          drivers: candidates.map((c) => ({
            driver: c.driver,
            kind: c.kind,
            strength: c.strength,
            description: c.description,
            eventIds: c.eventIds,
          })),
          likelyDrivers: result.output.likelyDrivers,
          dataGaps: result.output.dataGaps,
        },
        citations: evidence,
        generation,
        relatedActionIds: [],
      }).message,
    ];
  }
}

/**
 * Every source is titled with the problem, so the deterministic engine (which ranks by
 * shared terms) scores them alike and keeps the order the correlation above produced.
 */
function candidateSource(c: DriverCandidate, problemTitle: string): AgentSource {
  const text = `${problemTitle}: ${c.description}.`;
  return {
    source: { id: `${c.kind}:${c.key}`, kind: c.kind, title: c.driver, text, data: { strength: c.strength } },
    evidence: eventEvidence(c.eventIds.find((id) => id !== '') ?? '', text),
  };
}
