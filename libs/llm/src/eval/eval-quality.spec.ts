import { join } from 'node:path';
import { selectScenarios } from './eval-command';
import { percentile, qualityOf, type RunDetail } from './eval-quality';
import { loadScenarios } from './eval-scenario';

const run = (over: Partial<RunDetail>): RunDetail => ({
  latencyMs: 10,
  tokensIn: 100,
  tokensOut: 20,
  modelAnswered: false,
  reasons: [],
  escapedHallucination: false,
  escapedPolicy: false,
  ...over,
});

describe('evaluation quality metrics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 95)).toBe(19);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 100)).toBe(
      100,
    );
  });

  it('counts what the gateway caught apart from what it let through', () => {
    const q = qualityOf([
      run({ modelAnswered: true, latencyMs: 40 }),
      run({ reasons: ['invalid-output'] }),
      run({ reasons: ['uncited-claims', 'unsupported-numbers'] }),
      run({ reasons: ['forbidden-instruction'] }),
      run({ reasons: ['provider-timeout'], tokensIn: 0, tokensOut: 0 }),
      run({ modelAnswered: true, escapedPolicy: true }),
    ]);
    expect(q).toEqual({
      runs: 6,
      modelAnswers: 2,
      fallbackRate: 4 / 6,
      schemaFailures: 1,
      numberErrors: 1,
      uncitedClaims: 1,
      policyCaught: 1,
      providerFailures: 1,
      uncaughtViolations: 1,
      latencyP50Ms: 10,
      latencyP95Ms: 40,
      tokensIn: 500,
      tokensOut: 100,
    });
  });
});

describe('andon eval scenario selection', () => {
  const all = loadScenarios(join(__dirname, '../../eval/scenarios'));

  it('takes at most N scenarios per use case, in file order, from the use cases asked for', () => {
    const picked = selectScenarios(all, ['ncr-triage', 'operator-qa'], 2);
    expect(picked.map((s) => s.id)).toEqual(
      [
        ...all.filter((s) => s.useCase === 'ncr-triage').slice(0, 2),
        ...all.filter((s) => s.useCase === 'operator-qa').slice(0, 2),
      ].map((s) => s.id),
    );
    expect(selectScenarios(all)).toHaveLength(all.length);
  });
});
