import type { PlantEvent } from '@andon/contracts';
import type { DocumentStore } from '@andon/persistence';
import type { PlantAnswer } from '../plant-query.service';
import { seededStore } from '../test-support/seeded-store';
import { EVAL_NOW, evalHistory } from './eval-history';
import { expectedAnswer, flatten, type OracleSpec } from './eval-oracle';
import { EVAL_QUESTIONS, type EvalQuestion } from './eval-questions';

export interface PlantQueryEvalResult {
  id: string;
  question: string;
  passed: boolean;
  problem?: string;
}

export interface PlantQueryEvalReport {
  questions: number;
  passed: number;
  /** passed / questions; exact match on every number. */
  score: number;
  results: PlantQueryEvalResult[];
}

export interface PlantQueryEvalOptions {
  /** Defaults to a fresh embedded SQLite store in a temp dir. */
  openStore?: () => Promise<DocumentStore>;
  questions?: readonly EvalQuestion[];
  events?: readonly PlantEvent[];
  /** Passed to the executor: false answers production questions from facts only. */
  productionRollups?: boolean;
}

const show = (v: unknown) => JSON.stringify(v);

function judge(
  q: EvalQuestion,
  a: PlantAnswer,
  key: (spec: OracleSpec) => ReturnType<typeof expectedAnswer>,
): string | undefined {
  if ('refusal' in q.expect) {
    if (a.answerable || a.refusal?.code !== q.expect.refusal)
      return `expected refusal ${q.expect.refusal}, got ${a.answerable ? 'an answer' : a.refusal?.code}`;
    return undefined;
  }
  if (!a.answerable || !a.query)
    return `expected an answer, got refusal ${a.refusal?.code}: ${a.refusal?.message}`;
  const spec = q.expect;
  if (a.query.metric !== spec.metric) return `metric ${a.query.metric}, expected ${spec.metric}`;
  const expected = key(spec);
  const total = a.total?.value ?? null;
  if (total !== expected.total) return `total ${show(total)}, expected ${show(expected.total)}`;
  const groupBy = a.query.groupBy;
  const ungroupedLots = spec.metric === 'lots' && groupBy.length === 0;
  if (groupBy.length === 0 && !ungroupedLots) return undefined;
  const label = (key: Record<string, string>) =>
    ungroupedLots ? (key['lotId'] ?? '') : groupBy.map((d) => key[d] ?? '').join('|');
  const actual = Object.fromEntries(a.rows.map((r) => [label(r.key), r.value]));
  const wanted = Object.keys(expected.rows).length;
  if (wanted <= a.query.limit) {
    if (show(Object.entries(actual).sort()) !== show(Object.entries(expected.rows).sort()))
      return `rows ${show(actual)}, expected ${show(expected.rows)}`;
  } else {
    // Over the row limit only the first `limit` rows are returned: each must still be exact.
    if (a.rows.length !== a.query.limit) return `${a.rows.length} rows, expected the limit ${a.query.limit}`;
    for (const [k, v] of Object.entries(actual))
      if (!(k in expected.rows) || expected.rows[k] !== v)
        return `row ${k}=${show(v)}, expected ${show(expected.rows[k])}`;
  }
  return undefined;
}

/**
 * The plant-query question set: builds the real module on the test plant, projects the
 * evaluation history into a store through its projector, asks every question through its
 * service (deterministic translation) and compares with the answer key computed from the
 * raw events.
 */
export async function runPlantQueryEval(options: PlantQueryEvalOptions = {}): Promise<PlantQueryEvalReport> {
  const events = options.events ?? evalHistory();
  const questions = options.questions ?? EVAL_QUESTIONS;
  const seeded = await seededStore(events, {
    ...(options.openStore ? { open: options.openStore } : {}),
    ...(options.productionRollups === false ? { productionRollups: false } : {}),
    now: EVAL_NOW,
  });
  try {
    const service = seeded.service;
    const recs = flatten(events);
    const results: PlantQueryEvalResult[] = [];
    for (const q of questions) {
      const answer = await service.ask(
        q.question,
        {
          userId: 'eval',
          name: 'Evaluation',
          roles: [...(q.roles ?? ['production_supervisor'])],
          sites: [...q.sites],
        },
        q.lines ? { lines: q.lines } : {},
      );
      const problem = judge(q, answer, (spec) => expectedAnswer(recs, spec));
      results.push({
        id: q.id,
        question: q.question,
        passed: problem === undefined,
        ...(problem ? { problem } : {}),
      });
    }
    const passed = results.filter((r) => r.passed).length;
    return {
      questions: results.length,
      passed,
      score: results.length ? passed / results.length : 0,
      results,
    };
  } finally {
    await seeded.close();
  }
}
