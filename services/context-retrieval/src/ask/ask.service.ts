import {
  governingSteps,
  isHowToQuestion,
  stepLists,
  stepsAnswerQuestion,
  type GenerationInfo,
  type LlmGateway,
  type OperatorQaOutput,
  type SourceRecord,
  type StepList,
} from '@andon/llm';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger, Metrics } from '@andon/observability';
import { ASK_OPTIONS, LLM_GATEWAY } from '../context-retrieval.tokens';
import { ALL_SITES, type CallerContext, type RetrievalScope } from '../domain/access-policy';
import type { RankedHit } from '../retrieve/hybrid-retriever';
import { RetrieveService } from '../retrieve/retrieve.service';
import { SAFETY_REFUSAL, screenQuestion } from './safety-screen';

export type UnansweredReason =
  | 'no_approved_source'
  | 'caller_not_cleared'
  | 'site_not_in_scope'
  | 'safety_refused'
  | 'empty_question'
  | 'not_investigation_role';

export interface AskInput {
  question: string;
  caller: CallerContext;
  scope: RetrievalScope;
  correlationId: string;
}

export interface Citation {
  /** The label the answer cites, e.g. "S1". */
  label: string;
  hit: RankedHit;
}

export interface AskResult {
  answered: boolean;
  answerMarkdown: string;
  citations: Citation[];
  /** Null when no generation ran (refused, denied, nothing retrieved). */
  generation: GenerationInfo | null;
  unansweredReason: UnansweredReason | null;
  escalated: boolean;
}

export interface Escalation {
  userId: string;
  site: string;
  question: string;
  matches: string[];
  correlationId: string;
}

export interface AskServiceOptions {
  log?: Logger;
  metrics?: Metrics;
  /** Called for every refused safety question (the module logs it; a deployment may page). */
  onEscalation?: (e: Escalation) => void | Promise<void>;
  /** Chunks handed to the gateway. */
  sources?: number;
  /**
   * The full text of a document revision. With it, a "how do I" question is answered from
   * the governing procedure's whole step list, not only from the chunks retrieval ranked.
   */
  revisionText?: (documentId: string, revision: string) => Promise<string | undefined>;
}

const NO_SOURCE =
  'No approved, effective procedure covers this question. Ask your area supervisor; do not improvise a procedure.';

/**
 * The Ask use case: operator questions answered only from approved procedures in force
 * now, through the LLM gateway's operator-qa use case (a model when configured, the
 * deterministic extractive engine otherwise), always with citations.
 */
@Injectable()
export class AskService {
  private readonly outcomes?: ReturnType<Metrics['counter']>;

  constructor(
    private readonly retrieve: RetrieveService,
    @Inject(LLM_GATEWAY) private readonly gateway: LlmGateway,
    @Optional() @Inject(ASK_OPTIONS) private readonly options: AskServiceOptions = {},
  ) {
    this.outcomes = options.metrics?.counter('andon_retrieval_ask_total', 'Ask requests by outcome', [
      'outcome',
    ]);
  }

  async ask(input: AskInput): Promise<AskResult> {
    const result = await this.run(input);
    this.outcomes?.inc({ outcome: result.answered ? 'answered' : (result.unansweredReason ?? 'unanswered') });
    return result;
  }

  private async run(input: AskInput): Promise<AskResult> {
    const question = input.question.trim();
    if (question.length < 3)
      return unanswered('empty_question', 'Ask a question of at least three characters.');
    const site = input.scope.site || input.caller.sites.find((s) => s !== ALL_SITES) || 'enterprise';

    const screen = screenQuestion(question);
    if (screen.refused) {
      const escalation: Escalation = {
        userId: input.caller.userId,
        site,
        question,
        matches: screen.matches,
        correlationId: input.correlationId,
      };
      this.options.log?.warn(escalation, 'safety question refused and escalated');
      await this.options.onEscalation?.(escalation);
      return { ...unanswered('safety_refused', SAFETY_REFUSAL), escalated: true };
    }

    const retrieved = await this.retrieve.retrieve(
      { query: question, caller: input.caller, scope: input.scope, topK: this.options.sources ?? 5 },
      'ask',
    );
    if (!retrieved.ok) {
      if (retrieved.reason === 'empty_query')
        return unanswered('empty_question', 'Ask a question of at least three characters.');
      return unanswered(retrieved.reason, retrieved.message);
    }
    if (retrieved.hits.length === 0) return unanswered('no_approved_source', NO_SOURCE);

    // "How do I ...": the governing procedure (the best-ranked retrieved revision that has a
    // step list) goes first, as its whole ordered step list, so no step can be left out.
    const procedure = isHowToQuestion(question)
      ? await this.governingProcedure(retrieved.hits, question)
      : undefined;
    const hits = procedure
      ? [procedure.hit, ...retrieved.hits.filter((h) => h.chunk.chunkId !== procedure.hit.chunk.chunkId)]
      : retrieved.hits;
    const sources: SourceRecord[] = hits.map((hit) => ({
      id: hit.chunk.chunkId,
      kind: 'procedure',
      title: `${hit.chunk.title} (${hit.chunk.documentId} rev ${hit.chunk.revision}${hit.chunk.section ? `, ${hit.chunk.section}` : ''})`,
      text: unwrapLines(hit.chunk.text),
      data: {
        status: hit.status,
        effective: hit.effective,
        documentId: hit.chunk.documentId,
        revision: hit.chunk.revision,
      },
    }));
    const role = input.caller.roles[0];
    const governed = await this.gateway.generate<OperatorQaOutput>(
      'operator-qa',
      { question, ...(input.scope.line ? { line: input.scope.line } : {}), ...(role ? { role } : {}) },
      sources,
      { site, correlationId: input.correlationId },
    );
    const labels = Object.entries(governed.generation.citations);
    const citations = labels
      .map(([label, id]) => ({ label, hit: hits.find((h) => h.chunk.chunkId === id) }))
      .filter((c): c is Citation => c.hit !== undefined)
      .sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
    if (!governed.output.answerable || citations.length === 0) {
      return { ...unanswered('no_approved_source', NO_SOURCE), generation: governed.generation };
    }
    // A model's answer to a how-to question must carry every step of the procedure, in order;
    // otherwise the procedure's own list replaces it (never half a procedure).
    const answer =
      procedure && !hasEverySteps(governed.output.answer, procedure.list)
        ? stepsAnswer(procedure, citations)
        : governed.output.answer;
    return {
      answered: true,
      answerMarkdown: answer,
      citations,
      generation: governed.generation,
      unansweredReason: null,
      escalated: false,
    };
  }

  private async governingProcedure(
    hits: readonly RankedHit[],
    question: string,
  ): Promise<{ hit: RankedHit; list: StepList } | undefined> {
    const revisionText = this.options.revisionText;
    if (!revisionText) return undefined;
    const seen = new Set<string>();
    for (const hit of hits.slice(0, 3)) {
      const key = `${hit.chunk.documentId}@${hit.chunk.revision}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = await revisionText(hit.chunk.documentId, hit.chunk.revision);
      const list = text ? governingSteps(text, question) : undefined;
      if (
        !list ||
        list.steps.length < 2 ||
        !stepsAnswerQuestion(list, `${hit.chunk.title}\n${text ?? ''}`, question)
      )
        continue;
      const stepsText = list.steps.map((st) => `${st.number}. ${st.text}`).join('\n');
      const section = list.section ? `${hit.chunk.title} > ${list.section}` : hit.chunk.section;
      // The step list stands in for the retrieved chunk: same document revision, its procedure section.
      return {
        hit: {
          ...hit,
          chunk: { ...hit.chunk, chunkId: `${hit.chunk.chunkId}#steps`, section, text: stepsText },
        },
        list,
      };
    }
    return undefined;
  }
}

/** Whether an answer gives each step of the list, in the list's order (each step's first words, in sequence). */
export function hasEverySteps(answer: string, list: StepList): boolean {
  const found = stepLists(answer).find((l) => l.steps.length === list.steps.length);
  if (!found) return false;
  const words = (t: string) =>
    t
      .toLowerCase()
      .replace(/\[s\d+(?:,\s*s\d+)*\]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return list.steps.every((step, i) => {
    const want = words(step.text).slice(0, 6).join(' ');
    return words(found.steps[i]?.text ?? '')
      .join(' ')
      .startsWith(want);
  });
}

function stepsAnswer(procedure: { hit: RankedHit; list: StepList }, citations: readonly Citation[]): string {
  const label =
    citations.find((c) => c.hit.chunk.chunkId === procedure.hit.chunk.chunkId)?.label ??
    citations[0]?.label ??
    'S1';
  const head = `${procedure.hit.chunk.title} (${procedure.hit.chunk.documentId} rev ${procedure.hit.chunk.revision})${procedure.list.section ? `, section "${procedure.list.section}"` : ''}, every step in order [${label}]:`;
  return `${head}\n\n${procedure.list.steps.map((st) => `${st.number}. ${st.text} [${label}]`).join('\n')}`;
}

/**
 * Joins hard-wrapped lines so a step reads as one sentence (the gateway splits sentences
 * at line breaks too); new steps, list items and headings keep their own line.
 */
export function unwrapLines(text: string): string {
  return text.replace(/(?<!\n[ \t]*)[ \t]*\n(?![ \t]*(?:\n|\d{1,3}[.):]\s|[-*+]\s|#))[ \t]*/g, ' ');
}

function unanswered(reason: UnansweredReason, message: string): AskResult {
  return {
    answered: false,
    answerMarkdown: message,
    citations: [],
    generation: null,
    unansweredReason: reason,
    escalated: false,
  };
}
