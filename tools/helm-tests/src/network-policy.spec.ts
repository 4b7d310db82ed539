import { PRODUCTION_VALUES, removeStagedChart, render, renderError, stageChart } from './chart';
import { cidrContains, cidrOverlaps } from './cidr';
import { SCENARIOS, chartValues } from './fixtures';
import {
  component,
  networkPolicySpec,
  ofKind,
  podTemplates,
  selects,
  type K8sObject,
  type NetworkPolicyRule,
  type PodTemplate,
} from './manifests';

interface Policies {
  pods: PodTemplate[];
  ingressRules(pod: PodTemplate): NetworkPolicyRule[] | undefined;
  egressRules(pod: PodTemplate): NetworkPolicyRule[] | undefined;
}

/** Union of the rules of every policy selecting a pod; undefined when no policy of that type selects it. */
function policies(objects: readonly K8sObject[]): Policies {
  const specs = ofKind(objects, 'NetworkPolicy').map(networkPolicySpec);
  const rules = (pod: PodTemplate, type: 'Ingress' | 'Egress'): NetworkPolicyRule[] | undefined => {
    const selecting = specs.filter(
      (s) => (s.policyTypes ?? []).includes(type) && selects(s.podSelector, pod.labels),
    );
    if (selecting.length === 0) return undefined;
    return selecting.flatMap((s) => (type === 'Ingress' ? (s.ingress ?? []) : (s.egress ?? [])));
  };
  return {
    pods: podTemplates(objects),
    ingressRules: (pod) => rules(pod, 'Ingress'),
    egressRules: (pod) => rules(pod, 'Egress'),
  };
}

/** Ways a pod's egress could reach one of the MES ranges. */
function mesReach(rules: NetworkPolicyRule[] | undefined, mesCidrs: readonly string[]): string[] {
  if (rules === undefined) return ['no egress policy selects it, so all egress is allowed'];
  const reach: string[] = [];
  for (const rule of rules) {
    if (!rule.to || rule.to.length === 0) {
      reach.push(`a rule allows every destination on ports ${JSON.stringify(rule.ports ?? 'all')}`);
      continue;
    }
    for (const peer of rule.to) {
      if (!peer.ipBlock) continue;
      for (const mes of mesCidrs) {
        const carved = (peer.ipBlock.except ?? []).some((e) => cidrContains(e, mes));
        if (cidrOverlaps(peer.ipBlock.cidr, mes) && !carved)
          reach.push(`ipBlock ${peer.ipBlock.cidr} includes MES ${mes}`);
      }
    }
  }
  return reach;
}

function name(pod: PodTemplate): string {
  return `${pod.owner.kind}/${pod.owner.metadata.name}`;
}

let chart: string;
beforeAll(() => {
  chart = stageChart();
});
afterAll(() => removeStagedChart(chart));

describe.each(SCENARIOS)('network policies with $label', (scenario) => {
  let objects: K8sObject[];
  let np: Policies;
  const mesCidrs = (): string[] =>
    chartValues(scenario.options.valuesFiles?.includes(PRODUCTION_VALUES) ? PRODUCTION_VALUES : 'values.yaml')
      .mes.cidrs;
  beforeAll(() => {
    objects = render(chart, scenario.options);
    np = policies(objects);
  });

  it('deny ingress to every pod by default', () => {
    const denyAll = ofKind(objects, 'NetworkPolicy')
      .map(networkPolicySpec)
      .filter((s) => (s.policyTypes ?? []).includes('Ingress') && (s.ingress ?? []).length === 0);
    expect(denyAll.length).toBeGreaterThan(0);
    const uncovered = np.pods
      .filter((pod) => !denyAll.some((s) => selects(s.podSelector, pod.labels)))
      .map(name);
    expect(uncovered).toEqual([]);
  });

  it('open only the metrics port of any pod to the monitoring namespace, never the API', () => {
    for (const pod of np.pods) {
      for (const rule of np.ingressRules(pod) ?? []) {
        const fromMonitoring = (rule.from ?? []).some(
          (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring',
        );
        if (fromMonitoring) expect(rule.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
      }
    }
  });

  it('let nothing but metrics scrapes into mes-writeback', () => {
    const writeback = np.pods.find((p) => component(p.owner) === 'mes-writeback');
    expect(writeback).toBeDefined();
    const rules = writeback ? (np.ingressRules(writeback) ?? []) : [];
    for (const rule of rules) {
      expect(rule.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
      for (const peer of rule.from ?? [{}]) {
        expect(peer.podSelector).toBeUndefined();
        expect(peer.ipBlock).toBeUndefined();
        expect(peer.namespaceSelector?.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'monitoring' });
      }
    }
  });

  it('let only mes-writeback reach the MES', () => {
    const reaching = np.pods
      .filter((pod) => component(pod.owner) !== 'mes-writeback')
      .flatMap((pod) => mesReach(np.egressRules(pod), mesCidrs()).map((why) => `${name(pod)}: ${why}`));
    expect(reaching).toEqual([]);
    const writeback = np.pods.find((p) => component(p.owner) === 'mes-writeback');
    const toMes = (writeback ? (np.egressRules(writeback) ?? []) : []).filter((rule) =>
      (rule.to ?? []).some((peer) => peer.ipBlock && mesCidrs().includes(peer.ipBlock.cidr)),
    );
    expect(toMes.length).toBeGreaterThan(0);
  });

  it('let only mes-writeback call an in-cluster mes-sim', () => {
    const sim = np.pods.find((p) => component(p.owner) === 'mes-sim');
    if (!sim) {
      expect(np.pods.map((p) => component(p.owner))).not.toContain('mes-sim');
      return;
    }
    const peers = (np.ingressRules(sim) ?? []).flatMap((rule) =>
      (rule.from ?? []).map(
        (peer) =>
          peer.podSelector?.matchLabels?.['app.kubernetes.io/component'] ??
          (peer.namespaceSelector ? 'monitoring' : 'anyone'),
      ),
    );
    expect([...new Set(peers)].sort()).toEqual(['mes-writeback', 'monitoring']);
  });
});

describe('network policy guards', () => {
  it('catch a pod whose egress reaches the MES (the assertion can fail)', () => {
    expect(mesReach([{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }], ['10.250.0.0/16'])).toEqual([
      'ipBlock 10.0.0.0/8 includes MES 10.250.0.0/16',
    ]);
    expect(mesReach(undefined, ['10.250.0.0/16'])).toHaveLength(1);
    expect(mesReach([{ ports: [{ port: 53 }] }], ['10.250.0.0/16'])).toHaveLength(1);
  });

  it('carve the MES out of a wider egress range', () => {
    const objects = render(chart, {
      values: { networkPolicy: { egress: { cidrs: ['10.0.0.0/8', '192.168.0.0/16'] } } },
    });
    const np = policies(objects);
    const agentLike = np.pods.find((p) => component(p.owner) === 'ingest');
    expect(agentLike && mesReach(np.egressRules(agentLike), ['10.250.0.0/16'])).toEqual([]);
  });

  it('refuse an egress range inside the MES range', () => {
    expect(
      renderError(chart, { values: { networkPolicy: { egress: { cidrs: ['10.250.3.0/24'] } } } }),
    ).toContain('networkPolicy.egress.cidrs: 10.250.3.0/24 lies inside the MES range 10.250.0.0/16');
  });

  it('refuse network inputs for mes-writeback', () => {
    const error = renderError(chart, {
      values: {
        services: { 'mes-writeback': { networkPolicy: { fromServices: ['approval'], fromPeers: [] } } },
      },
    });
    expect(error).toContain('mes-writeback takes no network input');
  });
});
