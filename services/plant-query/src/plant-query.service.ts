import { randomUUID } from 'node:crypto';
import { ALL_SITES, sha256Hex, type Principal } from '@andon/governance';
import type { LlmCallSink } from '@andon/llm';
import { buildAnswer } from './answer/answer-builder';
import type { NarrativeCheck } from './answer/number-check';
import type { ResultRow } from './query/aggregate';
import type { PlantQuery } from './query/plant-query.dsl';
import { parseQuestion } from './query/question-parser';
import type { QueryExecutor } from './query/query-executor';
import type { ResolvedWindow } from './calendar/resolve-window';

export const CANNOT_ANSWER = 'I cannot answer that from plant data.';
export const PLANT_QUERY_USE_CASE = 'plant-query';
/** Bumped whenever the parser or the narrative templates change, so call records say which engine answered. */
export const PLANT_QUERY_ENGINE_VERSION = 'pq-det-1';

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
  /** Why the question was not answered (no fit, out of scope, limits). */
  refusal?: { code: string; message: string };
  translation: 'deterministic';
}

export interface PlantQueryServiceDeps {
  executor: QueryExecutor;
  /** Sites a "*" principal covers. */
  allSites: () => string[];
  collectionOf: (query: PlantQuery) => string;
  /** The gateway's call-record sink (andon.llm.calls.v1); every translation is recorded. */
  onCall?: LlmCallSink;
  now?: () => Date;
  maxRecords?: number;
}

/** Question in, governed answer out: translate, validate, execute read-only in scope, narrate, check. */
export class PlantQueryService {
  private readonly now: () => Date;

  constructor(private readonly deps: PlantQueryServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async ask(question: string, principal: Principal, correlationId: string = randomUUID()): Promise<PlantAnswer> {
    const sites = principal.sites.includes(ALL_SITES) ? this.deps.allSites() : [...principal.sites];
    const parsed = parseQuestion(question);
    await this.record(question, sites[0] ?? '', correlationId);
    if (!parsed.ok) return this.refuse(null, { code: 'no-fit', message: parsed.reason });
    const query = parsed.query;
    const executed = await this.deps.executor.execute(query, sites, this.now().getTime());
    if (!executed.ok) return this.refuse(query, { code: executed.code, message: executed.message });
    const { narrative, narrativeCheck } = buildAnswer(query, executed);
    const ids = [...new Set(executed.rows.flatMap((r) => r.recordIds))].slice(0, this.deps.maxRecords ?? 50);
    const collection = this.deps.collectionOf(query);
    return {
      answerable: true,
      // A narrative that states a number the result lacks is never shown; the rows still are.
      answer: narrativeCheck.passed ? narrative : 'The figures are in the rows below; the generated summary failed its number check.',
      query,
      windows: executed.windows,
      rows: executed.rows,
      total: executed.total,
      records: ids.map((id) => ({ id, collection })),
      narrativeCheck,
      translation: 'deterministic',
    };
  }

  private refuse(query: PlantQuery | null, refusal: { code: string; message: string }): PlantAnswer {
    const answer = refusal.code === 'no-fit' ? CANNOT_ANSWER : `${CANNOT_ANSWER} ${refusal.message}`;
    return { answerable: false, answer, query, windows: {}, rows: [], total: null, records: [], narrativeCheck: null, refusal, translation: 'deterministic' };
  }

  /** The deterministic translation is recorded like any gateway call (tier none), so the ledger sees every question. */
  private async record(question: string, site: string, correlationId: string): Promise<void> {
    if (!this.deps.onCall) return;
    await this.deps.onCall({
      callId: randomUUID(),
      correlationId,
      site,
      useCase: PLANT_QUERY_USE_CASE,
      at: this.now().toISOString(),
      outcome: 'deterministic',
      promptId: `${PLANT_QUERY_USE_CASE}@deterministic`,
      promptVersion: PLANT_QUERY_ENGINE_VERSION,
      promptHash: sha256Hex(`${PLANT_QUERY_USE_CASE}:${PLANT_QUERY_ENGINE_VERSION}`),
      model: 'deterministic',
      provider: 'deterministic',
      tier: 'none',
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      latencyMs: 0,
      attempts: 0,
      sourceIds: [`question:${sha256Hex(question).slice(0, 16)}`],
      citedSourceIds: [],
      citations: {},
      deterministic: true,
      fallbackReason: 'llm-not-configured',
      checks: [],
      injectionFindings: [],
      redactions: {},
    });
  }
}
