import { runAskEval } from './ask-eval';

describe('operator Q&A evaluation on real procedures (npm run eval)', () => {
  it('gives every step in order, from the revision in force, and refuses what only a draft or another site answers', async () => {
    const result = await runAskEval();
    // Printed so a failing run names the question and what went wrong.
    expect(result.results.filter((r) => !r.passed)).toEqual([]);
    expect(result.stepsCompleteInOrder.of).toBeGreaterThanOrEqual(5);
    expect(result.rightRefusals.of).toBeGreaterThanOrEqual(3);
    expect(result.passed).toBe(result.questions);
  }, 60_000);
});
