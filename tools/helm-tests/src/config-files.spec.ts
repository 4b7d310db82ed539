import { appendFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, removeStagedChart, render, renderError, stageChart } from './chart';
import { component, ofKind, type K8sObject } from './manifests';

interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function deploymentOf(objects: readonly K8sObject[], service: string): K8sObject {
  const found = ofKind(objects, 'Deployment').find((d) => component(d) === service);
  if (!found) throw new Error(`no Deployment for ${service}`);
  return found;
}

function volumes(deployment: K8sObject): Volume[] {
  return (deployment['spec'] as { template: { spec: { volumes: Volume[] } } }).template.spec.volumes;
}

function annotations(deployment: K8sObject): Record<string, string> {
  return (
    (deployment['spec'] as { template: { metadata: { annotations?: Record<string, string> } } }).template
      .metadata.annotations ?? {}
  );
}

describe('policy, prompt and site code ConfigMaps', () => {
  let chart: string;
  beforeEach(() => {
    chart = stageChart();
  });
  afterEach(() => removeStagedChart(chart));

  it('mount every file of policies/ at its repository path in approval', () => {
    const volume = volumes(deploymentOf(render(chart), 'approval')).find((v) => v.name === 'files-policies');
    const mounted = (volume?.configMap?.items ?? []).map((i) => i.path).sort();
    const repo = filesUnder(join(REPO_ROOT, 'policies'))
      .map((f) => relative(join(REPO_ROOT, 'policies'), f))
      .sort();
    expect(repo.length).toBeGreaterThan(0);
    expect(mounted).toEqual(repo);
  });

  it('roll the pods that read a file set when one of its files changes', () => {
    const before = annotations(deploymentOf(render(chart), 'approval'))['checksum/policies'];
    appendFileSync(join(chart, 'files/policies/active.yaml'), '\n# changed\n');
    const after = annotations(deploymentOf(render(chart), 'approval'))['checksum/policies'];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  it('use an existing ConfigMap with nested items instead of rendering one', () => {
    const items = [{ key: 'v1__quality.yaml', path: 'v1/quality.yaml' }];
    const objects = render(chart, {
      values: { configFiles: { policies: { existingConfigMap: 'plant-policies', existingItems: items } } },
    });
    const volume = volumes(deploymentOf(objects, 'approval')).find((v) => v.name === 'files-policies');
    expect(volume?.configMap).toEqual({ name: 'plant-policies', items });
    expect(ofKind(objects, 'ConfigMap').map((c) => c.metadata.name)).not.toContain('andon-policies');
  });

  it('refuse to render when a mounted set has no files, naming the sync script', () => {
    rmSync(join(chart, 'files/site-codes'), { recursive: true, force: true });
    expect(renderError(chart, {})).toContain(
      'configFiles.siteCodes: service ingest mounts it but helm/andon/files/site-codes/ is empty; run tools/build-service/sync-chart-files.sh',
    );
  });
});
