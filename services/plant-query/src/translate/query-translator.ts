import type { GenerationInfo, LlmGateway, PlantQueryTranslateOutput } from '@andon/llm';
import type { PlantQuery } from '../query/plant-query.dsl';
import { parseQuestion } from '../query/question-parser';
import { reviewProposal, type ProposalRefusalCode } from './proposal-review';

export const TRANSLATE_USE_CASE = 'plant-query-translate';

export type Translation =
  /** The model's query, validated against the catalogue (scope is checked by the caller). */
  | { source: 'llm'; ok: true; query: PlantQuery; generation: GenerationInfo }
  /** The model proposed something the service will not run. */
  | { source: 'llm'; ok: false; code: ProposalRefusalCode; message: string; generation: GenerationInfo }
  /** The deterministic parser's result; `fallbackReason` says why the model was not used, when one was tried. */
  | {
      source: 'deterministic';
      ok: true;
      query: PlantQuery;
      generation?: GenerationInfo;
      fallbackReason?: string;
    }
  | {
      source: 'deterministic';
      ok: false;
      code: 'no-fit';
      message: string;
      generation?: GenerationInfo;
      fallbackReason?: string;
    };

export interface TranslateContext {
  sites: readonly string[];
  now: Date;
  correlationId: string;
}

/**
 * Question -> DSL query. With a gateway, the small-tier model proposes a query through
 * the `plant-query-translate` use case (the gateway records the call, redacts, checks
 * the reason and falls back on timeouts and malformed output); when it falls back, or
 * the model declines, the deterministic parser translates. Without a gateway only the
 * parser runs.
 */
export class QueryTranslator {
  constructor(private readonly gateway?: LlmGateway) {}

  async translate(question: string, ctx: TranslateContext): Promise<Translation> {
    if (!this.gateway) return deterministic(question);
    const result = await this.gateway.generate<PlantQueryTranslateOutput>(
      TRANSLATE_USE_CASE,
      { question, sites: [...ctx.sites], now: ctx.now.toISOString() },
      [],
      { site: ctx.sites[0] ?? '', correlationId: ctx.correlationId },
    );
    const generation = result.generation;
    if (generation.deterministic || !result.output.translated || result.output.query === null) {
      return deterministic(question, generation, generation.fallbackReason ?? 'model-declined');
    }
    const review = reviewProposal(result.output.query);
    return review.ok
      ? { source: 'llm', ok: true, query: review.query, generation }
      : { source: 'llm', ok: false, code: review.code, message: review.message, generation };
  }
}

function deterministic(question: string, generation?: GenerationInfo, fallbackReason?: string): Translation {
  const parsed = parseQuestion(question);
  const extra = { ...(generation ? { generation } : {}), ...(fallbackReason ? { fallbackReason } : {}) };
  return parsed.ok
    ? { source: 'deterministic', ok: true, query: parsed.query, ...extra }
    : { source: 'deterministic', ok: false, code: 'no-fit', message: parsed.reason, ...extra };
}
