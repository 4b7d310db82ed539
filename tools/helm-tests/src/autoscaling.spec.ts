import { PRODUCTION_VALUES, removeStagedChart, render, renderError, stageChart } from './chart';
import { chartValues } from './fixtures';
import { component, named, ofKind, type K8sObject } from './manifests';

interface HpaSpec {
  scaleTargetRef: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
}

describe.each([
  ['default values', []],
  ['production values', [PRODUCTION_VALUES]],
])('autoscaling with %s', (_label, files: string[]) => {
  let chart: string;
  let objects: K8sObject[];
  beforeAll(() => {
    chart = stageChart();
    objects = render(chart, { valuesFiles: files });
  });
  afterAll(() => removeStagedChart(chart));

  it('scales ingest with an HPA whose maxReplicas does not exceed its input partitions', () => {
    const values = chartValues();
    const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find((h) => component(h) === 'ingest');
    expect(hpa).toBeDefined();
    const spec = hpa?.['spec'] as HpaSpec;
    const consumed = values.services['ingest']?.autoscaling.consumedTopics ?? [];
    const partitions = Math.max(
      ...values.topics.filter((t) => consumed.includes(t.name)).map((t) => t.partitions),
    );
    expect(consumed.length).toBeGreaterThan(0);
    expect(spec.maxReplicas).toBeLessThanOrEqual(partitions);
    expect(spec.minReplicas).toBeLessThanOrEqual(spec.maxReplicas);
    // The HPA owns the replica count; a fixed spec.replicas would fight it on every upgrade.
    const deployment = named(objects, 'Deployment', spec.scaleTargetRef.name);
    expect((deployment['spec'] as { replicas?: number }).replicas).toBeUndefined();
  });

  it('points every HPA at a rendered Deployment', () => {
    for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
      const target = (hpa['spec'] as HpaSpec).scaleTargetRef;
      expect(target.kind).toBe('Deployment');
      expect(() => named(objects, 'Deployment', target.name)).not.toThrow();
    }
  });
});

describe('autoscaling bounds', () => {
  let chart: string;
  beforeAll(() => {
    chart = stageChart();
  });
  afterAll(() => removeStagedChart(chart));

  it('refuses maxReplicas above the largest consumed topic partition count', () => {
    const error = renderError(chart, {
      values: { services: { ingest: { autoscaling: { maxReplicas: 13 } } } },
    });
    expect(error).toContain(
      'services.ingest.autoscaling.maxReplicas is 13 but its largest consumed topic has 12 partitions',
    );
  });

  it('refuses an autoscaled service whose consumed topic is not in the catalogue', () => {
    const error = renderError(chart, {
      values: { services: { ingest: { autoscaling: { consumedTopics: ['andon.nope.v1'] } } } },
    });
    expect(error).toContain('"andon.nope.v1" is not in topics');
  });
});
