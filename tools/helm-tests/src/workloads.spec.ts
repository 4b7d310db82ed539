import { removeStagedChart, render, stageChart } from './chart';
import { SCENARIOS } from './fixtures';
import { allContainers, podTemplates, type Container, type K8sObject, type PodTemplate } from './manifests';

function containerProblems(pod: PodTemplate, container: Container): string[] {
  const where = `${pod.owner.kind}/${pod.owner.metadata.name} container ${container.name}`;
  const problems: string[] = [];
  const sc = container.securityContext ?? {};
  const podSc = pod.spec.securityContext ?? {};
  const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
  const runAsUser = sc.runAsUser ?? podSc.runAsUser;
  if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
  if (runAsUser === undefined || runAsUser === 0)
    problems.push(`${where}: runAsUser is ${runAsUser ?? 'unset'} (must be a non-zero uid)`);
  if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is writable`);
  if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
  if (sc.privileged === true) problems.push(`${where}: privileged`);
  if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
  if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${where}: adds capabilities`);
  if ((sc.seccompProfile?.type ?? podSc.seccompProfile?.type) !== 'RuntimeDefault')
    problems.push(`${where}: seccomp is not RuntimeDefault`);
  for (const resource of ['cpu', 'memory']) {
    if (container.resources?.limits?.[resource] === undefined)
      problems.push(`${where}: no ${resource} limit`);
    if (container.resources?.requests?.[resource] === undefined)
      problems.push(`${where}: no ${resource} request`);
  }
  return problems;
}

function probeProblems(pod: PodTemplate, container: Container): string[] {
  const where = `${pod.owner.kind}/${pod.owner.metadata.name} container ${container.name}`;
  const problems: string[] = [];
  const httpPort = (container.ports ?? []).find((p) => p.name === 'http');
  if (!httpPort) problems.push(`${where}: no port named http`);
  const expect = { livenessProbe: '/health/live', readinessProbe: '/health/ready' } as const;
  for (const [probe, path] of Object.entries(expect) as [keyof typeof expect, string][]) {
    const get = container[probe]?.httpGet;
    if (!get) problems.push(`${where}: no ${probe}`);
    else if (get.path !== path || get.port !== 'http')
      problems.push(`${where}: ${probe} is GET ${get.path} on ${get.port}, expected ${path} on http`);
  }
  return problems;
}

let chart: string;
beforeAll(() => {
  chart = stageChart();
});
afterAll(() => removeStagedChart(chart));

describe.each(SCENARIOS)('workloads with $label', (scenario) => {
  let pods: PodTemplate[];
  beforeAll(() => {
    pods = podTemplates(render(chart, scenario.options));
  });

  it('renders workloads', () => {
    expect(pods.filter((p) => p.owner.kind === 'Deployment').length).toBeGreaterThan(0);
  });

  it('runs every container as non-root, read-only, without capabilities, with requests and limits', () => {
    const problems = pods.flatMap((pod) => allContainers(pod.spec).flatMap((c) => containerProblems(pod, c)));
    expect(problems).toEqual([]);
  });

  it('probes every service container on /health/live and /health/ready', () => {
    const problems = pods
      .filter((p) => p.owner.kind === 'Deployment')
      .flatMap((pod) => pod.spec.containers.flatMap((c) => probeProblems(pod, c)));
    expect(problems).toEqual([]);
  });

  it('mounts no service account token and uses no host namespaces', () => {
    const offenders = pods
      .filter((p) => p.spec.automountServiceAccountToken !== false || p.spec.hostNetwork || p.spec.hostPID)
      .map((p) => `${p.owner.kind}/${p.owner.metadata.name}`);
    expect(offenders).toEqual([]);
  });
});

// The assertions above must be able to fail: a container that breaks each rule is caught.
describe('workload checks', () => {
  it('flag a root, writable, unlimited, unprobed container', () => {
    const owner: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' } };
    const container: Container = { name: 'bad', securityContext: { runAsUser: 0 } };
    const pod: PodTemplate = { owner, labels: {}, spec: { containers: [container] } };
    const problems = [...containerProblems(pod, container), ...probeProblems(pod, container)];
    for (const fragment of [
      'runAsNonRoot',
      'runAsUser is 0',
      'writable',
      'ALL',
      'seccomp',
      'no cpu limit',
      'no memory limit',
      'no livenessProbe',
      'no readinessProbe',
    ]) {
      expect(problems.join('\n')).toContain(fragment);
    }
  });
});
