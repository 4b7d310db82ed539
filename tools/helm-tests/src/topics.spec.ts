import { TOPIC_SPECS } from '@andon/contracts';
import { removeStagedChart, render, stageChart } from './chart';
import { chartValues } from './fixtures';
import { component, ofKind } from './manifests';

function catalogue(): {
  name: string;
  partitions: number;
  replicationFactor: number;
  retentionMs: number;
  cleanupPolicy: string;
}[] {
  return Object.values(TOPIC_SPECS)
    .map(({ name, partitions, replicationFactor, retentionMs, cleanupPolicy }) => ({
      name,
      partitions,
      replicationFactor,
      retentionMs,
      cleanupPolicy,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('topic catalogue', () => {
  it('in values.yaml equals TOPIC_SPECS of @andon/contracts', () => {
    const values = [...chartValues().topics].sort((a, b) => a.name.localeCompare(b.name));
    expect(values).toEqual(catalogue());
  });

  it('reaches the provisioning job as one line per topic', () => {
    const chart = stageChart();
    try {
      const configMap = ofKind(render(chart), 'ConfigMap').find((c) => component(c) === 'topics');
      const tsv = ((configMap?.['data'] ?? {}) as Record<string, string>)['topics.tsv'] ?? '';
      const lines = tsv.trim().split('\n').sort();
      const expected = catalogue()
        .map((t) => [t.name, t.partitions, t.replicationFactor, t.retentionMs, t.cleanupPolicy].join('\t'))
        .sort();
      expect(lines).toEqual(expected);
    } finally {
      removeStagedChart(chart);
    }
  });
});
