import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createLlmGateway, loadLlmSettings, type LlmGateway } from '@andon/llm';
import { AskService, type AskResult } from '../ask/ask.service';
import type { CallerContext } from '../domain/access-policy';
import { loadCorpus } from '../ingest-documents/corpus-loader';
import { DocumentIngestion } from '../ingest-documents/document-ingestion.service';
import { SqliteKnowledgeIndex } from '../knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { HybridRetriever } from '../retrieve/hybrid-retriever';
import { RetrieveService } from '../retrieve/retrieve.service';

const EVAL_DIR = resolve(__dirname, '../../eval');
const REPO = resolve(__dirname, '../../../..');
/** The instant questions are asked at: rev B of the lockout procedure is in force, rev A obsolete, the hot-work draft not yet effective. */
const ASKED_AT = Date.parse('2026-06-01T10:00:00Z');
const OPERATOR: CallerContext = { userId: 'eval-operator', roles: ['operator'], sites: ['plant-a'] };

const question = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('steps'),
    question: z.string(),
    document: z.string(),
    revision: z.string(),
    steps: z.array(z.string()).min(2),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('fact'),
    question: z.string(),
    document: z.string(),
    revision: z.string(),
    contains: z.array(z.string()).min(1),
  }),
  z.object({ id: z.string(), kind: z.literal('refuse'), question: z.string() }),
]);
type EvalQuestion = z.infer<typeof question>;

export interface AskEvalResult {
  questions: number;
  passed: number;
  /** How-to questions answered with every expected step, in order, and nothing else numbered. */
  stepsCompleteInOrder: { passed: number; of: number };
  /** Answered (steps and facts) from the expected document revision. */
  rightRevision: { passed: number; of: number };
  /** Questions only a draft, another site's procedure or nothing answers: refused. */
  rightRefusals: { passed: number; of: number };
  results: Array<{ id: string; kind: EvalQuestion['kind']; passed: boolean; problem?: string }>;
}

/** Numbered lines of an answer ("1. ..." or "Step 1: ..."), citation markers removed. */
function answerSteps(answer: string): string[] {
  return [...answer.matchAll(/^\s*(?:step\s+)?\d{1,3}[.):]\s+(.*)$/gim)].map((m) =>
    (m[1] ?? '').replace(/\s*\[S\d+(?:,\s*S\d+)*\]/g, '').trim(),
  );
}

function cites(result: AskResult, document: string, revision: string): boolean {
  return result.citations.some(
    (c) => c.hit.chunk.documentId === document && c.hit.chunk.revision === revision,
  );
}

function judge(q: EvalQuestion, r: AskResult): string | undefined {
  if (q.kind === 'refuse')
    return r.answered
      ? `answered from ${r.citations.map((c) => `${c.hit.chunk.documentId} rev ${c.hit.chunk.revision}`).join(', ')}`
      : undefined;
  if (!r.answered) return `refused (${r.unansweredReason ?? 'no reason'})`;
  if (!cites(r, q.document, q.revision))
    return `cited ${r.citations.map((c) => `${c.hit.chunk.documentId} rev ${c.hit.chunk.revision}`).join(', ') || 'nothing'}, not ${q.document} rev ${q.revision}`;
  if (q.kind === 'fact') {
    const missing = q.contains.filter((w) => !r.answerMarkdown.toLowerCase().includes(w.toLowerCase()));
    return missing.length ? `answer lacks ${missing.map((m) => `"${m}"`).join(', ')}` : undefined;
  }
  const got = answerSteps(r.answerMarkdown);
  if (got.length !== q.steps.length) return `${got.length} numbered steps, expected ${q.steps.length}`;
  const wrong = q.steps.findIndex((want, i) => !(got[i] ?? '').toLowerCase().startsWith(want.toLowerCase()));
  return wrong >= 0
    ? `step ${wrong + 1} is "${(got[wrong] ?? '').slice(0, 60)}", expected "${q.steps[wrong]}"`
    : undefined;
}

/**
 * Operator Q&A on a corpus of real procedures (services/context-retrieval/eval): how-to
 * answers complete and in order, the right revision, the right refusals. BM25 retrieval on
 * an in-memory index; the deterministic engine unless a gateway is given.
 */
export async function runAskEval(
  options: { gateway?: LlmGateway; dir?: string } = {},
): Promise<AskEvalResult> {
  const dir = options.dir ?? EVAL_DIR;
  const questions = z.array(question).parse(JSON.parse(readFileSync(join(dir, 'questions.json'), 'utf8')));
  const index = new SqliteKnowledgeIndex({ file: ':memory:' });
  await index.init();
  try {
    await new DocumentIngestion(index, null).ingestAll(
      loadCorpus(join(dir, 'procedures')).map((d) => d.document),
    );
    const retrieve = new RetrieveService(new HybridRetriever(index, null), { now: () => ASKED_AT });
    const gateway = options.gateway ?? createLlmGateway({ settings: loadLlmSettings({}), baseDir: REPO });
    const ask = new AskService(retrieve, gateway, {
      revisionText: async (documentId, revision) =>
        (await index.listRevisions(documentId)).find((r) => r.revision === revision)?.text,
    });
    const results: AskEvalResult['results'] = [];
    for (const q of questions) {
      const r = await ask.ask({
        question: q.question,
        caller: OPERATOR,
        scope: {},
        correlationId: `eval-${q.id}`,
      });
      const problem = judge(q, r);
      results.push({
        id: q.id,
        kind: q.kind,
        passed: problem === undefined,
        ...(problem ? { problem } : {}),
      });
    }
    const tally = (pick: (q: EvalQuestion) => boolean) => {
      const ids = new Set(questions.filter(pick).map((q) => q.id));
      const chosen = results.filter((r) => ids.has(r.id));
      return { passed: chosen.filter((r) => r.passed).length, of: chosen.length };
    };
    return {
      questions: questions.length,
      passed: results.filter((r) => r.passed).length,
      stepsCompleteInOrder: tally((q) => q.kind === 'steps'),
      rightRevision: tally((q) => q.kind !== 'refuse'),
      rightRefusals: tally((q) => q.kind === 'refuse'),
      results,
    };
  } finally {
    index.close();
  }
}
