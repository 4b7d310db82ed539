import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger, Metrics } from '@andon/observability';
import { RETRIEVE_OPTIONS } from '../context-retrieval.tokens';
import {
  governedFilter,
  type CallerContext,
  type DenialReason,
  type RetrievalScope,
} from '../domain/access-policy';
import { HybridRetriever, type RankedHit } from './hybrid-retriever';

export interface RetrieveInput {
  query: string;
  caller: CallerContext;
  scope: RetrievalScope;
  /** 0 or undefined: the default. */
  topK?: number;
}

export type RetrieveResult =
  | { ok: true; hits: RankedHit[]; at: number; effectiveOnly: boolean }
  | { ok: false; reason: DenialReason | 'empty_query'; message: string };

export interface RetrieveServiceOptions {
  defaultTopK?: number;
  maxTopK?: number;
  now?: () => number;
  log?: Logger;
  metrics?: Metrics;
}

/** The Retrieve use case: governance first (filter in the engine), then hybrid ranking. */
@Injectable()
export class RetrieveService {
  private readonly now: () => number;
  private readonly latency?: ReturnType<Metrics['histogram']>;

  constructor(
    private readonly retriever: HybridRetriever,
    @Optional() @Inject(RETRIEVE_OPTIONS) private readonly options: RetrieveServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.latency = options.metrics?.histogram(
      'andon_retrieval_query_seconds',
      'Retrieve latency by outcome',
      ['mode', 'outcome'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
  }

  async retrieve(input: RetrieveInput, mode: 'retrieve' | 'ask' = 'retrieve'): Promise<RetrieveResult> {
    const started = performance.now();
    const done = (outcome: string) =>
      this.latency?.observe({ mode, outcome }, (performance.now() - started) / 1000);
    if (!input.query.trim()) {
      done('rejected');
      return { ok: false, reason: 'empty_query', message: 'query must not be empty' };
    }
    const decision = governedFilter(input.caller, input.scope, mode, this.now());
    if (!decision.ok) {
      this.options.log?.warn({ userId: input.caller.userId, reason: decision.reason }, 'retrieval denied');
      done('denied');
      return decision;
    }
    const max = this.options.maxTopK ?? 50;
    const topK = Math.min(input.topK && input.topK > 0 ? input.topK : (this.options.defaultTopK ?? 8), max);
    const hits = await this.retriever.search(input.query, decision.filter, {
      topK,
      at: decision.at,
      newestRevisionOnly: decision.effectiveOnly,
    });
    done(hits.length ? 'hits' : 'empty');
    return { ok: true, hits, at: decision.at, effectiveOnly: decision.effectiveOnly };
  }
}
