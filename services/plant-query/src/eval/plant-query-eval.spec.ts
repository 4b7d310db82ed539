import { evalHistory } from './eval-history';
import { expectedAnswer, flatten } from './eval-oracle';
import { EVAL_QUESTIONS } from './eval-questions';
import { runPlantQueryEval, type PlantQueryEvalReport } from './run-plant-query-eval';

describe('plant-query evaluation (deterministic translation, embedded SQLite)', () => {
  let report: PlantQueryEvalReport;
  beforeAll(async () => {
    report = await runPlantQueryEval();
  }, 120_000);

  it('has at least 50 questions with unique ids', () => {
    expect(EVAL_QUESTIONS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(EVAL_QUESTIONS.map((q) => q.id)).size).toBe(EVAL_QUESTIONS.length);
  });

  it('answers every question exactly as the answer key computed from the raw events', () => {
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.score).toBe(1);
  });

  it('the answer key is not trivially empty: most answers carry real figures', () => {
    const recs = flatten(evalHistory());
    const figures = EVAL_QUESTIONS.flatMap((q) =>
      'refusal' in q.expect ? [] : [expectedAnswer(recs, q.expect)],
    );
    const nonZero = figures.filter(
      (f) => (f.total !== null && f.total !== 0) || Object.values(f.rows).some((v) => v !== null && v !== 0),
    );
    expect(nonZero.length).toBeGreaterThanOrEqual(figures.length - 3);
  });

  it('reading production from facts only (no hourly buckets) gives the same exact answers', async () => {
    const factsOnly = await runPlantQueryEval({ productionRollups: false });
    expect(factsOnly.results.filter((r) => !r.passed)).toEqual([]);
  });

  it('a wrong answer key fails the question (the comparison can fail)', async () => {
    const [first] = EVAL_QUESTIONS;
    if (!first || 'refusal' in first.expect) throw new Error('first question must be an answer');
    const tampered = { ...first, expect: { ...first.expect, window: 'yesterday' as const } };
    const r = await runPlantQueryEval({ questions: [tampered] });
    expect(r.results[0]?.passed).toBe(false);
  });
});
