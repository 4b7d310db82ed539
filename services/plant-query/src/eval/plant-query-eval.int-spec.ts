import { MongoDocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { EVAL_QUESTIONS } from './eval-questions';
import { runPlantQueryEval } from './run-plant-query-eval';

// Every fourth question (one of each family at least) on the real FerretDB: projecting the
// ~2,700-event history over the wire is the slow part, not the questions.
const SUBSET = EVAL_QUESTIONS.filter((_, i) => i % 4 === 0);

describe('plant-query evaluation on MongoDB wire protocol (FerretDB)', () => {
  it(`answers ${SUBSET.length} questions exactly as the answer key`, async () => {
    const report = await runPlantQueryEval({
      questions: SUBSET,
      openStore: async () => MongoDocumentStore.connect(mongoUri(uniqueName('pq-eval'))),
    });
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.questions).toBe(SUBSET.length);
  }, 300_000);
});
