import { randomUUID } from 'node:crypto';
import { SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { LlmCallPublisher } from '@andon/agent-kit';
import { ALL_SITES, type Principal } from '@andon/governance/auth';
import { sha256Hex } from '@andon/governance/canonical';
import { deterministicAttempt, type CheckResult, type GenerationInfo, type LlmCallRecord } from '@andon/llm';
import { normaliseSiteId, type SiteId } from '@andon/plant-model';
import { linesFor, principalLineScope } from './access/line-scope';
import { checkAccess } from './access/query-access';
import { buildAnswer } from './answer/answer-builder';
import type { NarrativeCheck } from './answer/number-check';
import { PlantCalendar, type PlantCalendarSettings } from './calendar/plant-calendar';
import type { ResolvedWindow } from './calendar/resolve-window';
import { METRIC_CATALOGUE } from './catalogue/metric-catalogue';
import { FACT_COLLECTIONS } from './facts/plant-facts';
import type { ResultRow } from './query/aggregate';
import type { PlantQuery } from './query/plant-query.dsl';
import { QueryExecutor } from './query/query-executor';
import { QueryTranslator } from './translate/query-translator';

export const CANNOT_ANSWER = 'I cannot answer that from plant data.';
export const PLANT_QUERY_USE_CASE = 'plant-query';
/** Bumped whenever the parser or the narrative templates change, so call records say which engine answered. */
export const PLANT_QUERY_ENGINE_VERSION = 'pq-det-2';

export interface RecordLink {
  id: string;
  /** Store collection holding the record. */
  collection: string;
}

export interface PlantAnswer {
  answerable: boolean;
  answer: string;
  /** The structured query, shown to the user; null when the question had no fit. */
  query: PlantQuery | null;
  windows: Record<string, ResolvedWindow>;
  rows: ResultRow[];
  total: ResultRow | null;
  records: RecordLink[];
  narrativeCheck: NarrativeCheck | null;
  /** Why the question was not answered (no fit, out of scope, a refused model proposal, limits). */
  refusal?: { code: string; message: string };
  /** Who translated the question: the model (its query validated) or the deterministic parser. */
  translation: 'llm' | 'deterministic';
  /** Why the model's translation was not used, when one was tried. */
  translationFallback?: string;
}

export interface AskOptions {
  correlationId?: string;
  /** Lines the caller is limited to (narrows, never widens, the token's site scope). */
  lines?: readonly string[];
}

const MAX_RECORDS = 50;

/** Question in, governed answer out: translate, validate, check scope and role, execute read-only, narrate, check. */
@Injectable()
export class PlantQueryService {
  constructor(
    @Inject(QueryExecutor) private readonly executor: QueryExecutor,
    /** The model (when LLM_* configures one) with the deterministic parser behind it, or the parser alone. */
    @Inject(QueryTranslator) private readonly translator: QueryTranslator,
    /** Which sites exist: a "*" principal covers them all; a token's other sites count only if the plant has them. */
    @Inject(PlantCalendar) private readonly plant: Pick<PlantCalendarSettings, 'sites'>,
    /** Call records (andon.llm.calls.v1): the deterministic translation, and refused model proposals. */
    @Inject(LlmCallPublisher) private readonly calls: Pick<LlmCallPublisher, 'sink'>,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  /** The principal's sites as SiteIds, normalised once here; sites the plant model lacks are dropped. */
  private sitesOf(principal: Principal): SiteId[] {
    const known = this.plant.sites();
    if (principal.sites.includes(ALL_SITES)) return [...known];
    const wanted = new Set(principal.sites.map(normaliseSiteId));
    return known.filter((s) => wanted.has(s));
  }

  async ask(question: string, principal: Principal, options: AskOptions = {}): Promise<PlantAnswer> {
    const correlationId = options.correlationId ?? randomUUID();
    const scope = principalLineScope(this.sitesOf(principal), principal.lines);
    const sites = scope.sites;
    const now = this.clock.now();
    const t = await this.translator.translate(question, { sites, now, correlationId });
    const how = {
      translation: t.source,
      ...(t.source === 'deterministic' && t.fallbackReason ? { translationFallback: t.fallbackReason } : {}),
    } as const;
    // The gateway records its own calls; a parser-only translation is recorded here.
    if (!t.generation) await this.record(this.deterministicRecord(question, sites[0] ?? '', correlationId));
    if (!t.ok) {
      if (t.source === 'llm')
        await this.recordRefusal(
          t.generation,
          sites[0] ?? '',
          correlationId,
          'schema',
          `${t.code}: ${t.message}`,
        );
      return this.refuse(null, { code: t.code, message: t.message }, how);
    }
    if (t.source === 'llm') {
      // A model's query is checked for scope and range before anything is read.
      const pre = this.executor.preflight(t.query, sites, now.getTime());
      if (!pre.ok) {
        await this.recordRefusal(
          t.generation,
          sites[0] ?? '',
          correlationId,
          'policy',
          `${pre.code}: ${pre.message}`,
        );
        return this.refuse(t.query, { code: pre.code, message: pre.message }, how);
      }
    }
    const lines = linesFor(scope, t.query.filters.site, options.lines);
    if (!lines.ok) return this.refuse(t.query, { code: lines.code, message: lines.message }, how);
    const access = checkAccess(t.query, { roles: principal.roles, lines: lines.lines });
    if (!access.ok) return this.refuse(t.query, { code: access.code, message: access.message }, how);
    const query = access.query;
    const executed = await this.executor.execute(query, sites, now.getTime());
    if (!executed.ok) return this.refuse(query, { code: executed.code, message: executed.message }, how);
    const { narrative, narrativeCheck } = buildAnswer(query, executed);
    const ids = [...new Set(executed.rows.flatMap((r) => r.recordIds))].slice(0, MAX_RECORDS);
    const collection = FACT_COLLECTIONS[METRIC_CATALOGUE[query.metric].fact];
    return {
      answerable: true,
      // A narrative that states a number the result lacks is never shown; the rows still are.
      answer: narrativeCheck.passed
        ? narrative
        : 'The figures are in the rows below; the generated summary failed its number check.',
      query,
      windows: executed.windows,
      rows: executed.rows,
      total: executed.total,
      records: ids.map((id) => ({ id, collection })),
      narrativeCheck,
      ...how,
    };
  }

  private refuse(
    query: PlantQuery | null,
    refusal: { code: string; message: string },
    how: Pick<PlantAnswer, 'translation' | 'translationFallback'>,
  ): PlantAnswer {
    const answer = refusal.code === 'no-fit' ? CANNOT_ANSWER : `${CANNOT_ANSWER} ${refusal.message}`;
    return {
      answerable: false,
      answer,
      query,
      windows: {},
      rows: [],
      total: null,
      records: [],
      narrativeCheck: null,
      refusal,
      ...how,
    };
  }

  private async record(record: LlmCallRecord): Promise<void> {
    await this.calls.sink(record);
  }

  /** A model proposal the service would not run, recorded against the same prompt and model as the translation call. */
  private async recordRefusal(
    generation: GenerationInfo,
    site: string,
    correlationId: string,
    check: CheckResult['name'],
    detail: string,
  ): Promise<void> {
    await this.record({
      ...generation,
      callId: randomUUID(),
      correlationId,
      site,
      useCase: PLANT_QUERY_USE_CASE,
      at: this.clock.now().toISOString(),
      outcome: 'refused',
      // The translation call already carried the tokens and cost; this record adds only the verdict.
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      latencyMs: 0,
      checks: [{ name: check, passed: false, details: [detail] }],
      injectionFindings: [],
      redactions: {},
    });
  }

  /** The deterministic translation is recorded like any gateway call (tier none), so the ledger sees every question. */
  private deterministicRecord(question: string, site: string, correlationId: string): LlmCallRecord {
    return {
      callId: randomUUID(),
      correlationId,
      site,
      useCase: PLANT_QUERY_USE_CASE,
      at: this.clock.now().toISOString(),
      outcome: 'deterministic',
      ...deterministicAttempt(PLANT_QUERY_USE_CASE, PLANT_QUERY_ENGINE_VERSION),
      sourceIds: [`question:${sha256Hex(question).slice(0, 16)}`],
      citedSourceIds: [],
      citations: {},
      deterministic: true,
      fallbackReason: 'llm-not-configured',
      checks: [],
      injectionFindings: [],
      redactions: {},
    };
  }
}
