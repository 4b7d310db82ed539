import { join } from 'node:path';
import { PRODUCTION_VALUES, helm, removeStagedChart, render, stageChart } from './chart';

describe('helm lint --strict and helm template', () => {
  let chart: string;
  beforeAll(() => {
    chart = stageChart();
  });
  afterAll(() => removeStagedChart(chart));

  it.each([
    ['default values', []],
    ['production values', [PRODUCTION_VALUES]],
  ])('lints cleanly with %s', (_label, files: string[]) => {
    const run = helm([
      'lint',
      '--strict',
      chart,
      ...files.flatMap((file) => ['--values', join(chart, file)]),
    ]);
    expect({
      status: run.status,
      problems: run.stdout.split('\n').filter((line) => /\[(ERROR|WARNING)\]/.test(line)),
    }).toEqual({
      status: 0,
      problems: [],
    });
  });

  // helm lint reports a template `fail` only as [INFO]; rendering is what proves the values work.
  it.each([
    ['default values', []],
    ['production values', [PRODUCTION_VALUES]],
  ])('renders Deployments with %s', (_label, files: string[]) => {
    const objects = render(chart, { valuesFiles: files });
    expect(objects.filter((o) => o.kind === 'Deployment').length).toBeGreaterThan(0);
  });
});
