import { PRODUCTION_VALUES, removeStagedChart, render, stageChart } from './chart';
import { allServicesEnabled } from './fixtures';
import { component, podTemplates, type PodTemplate } from './manifests';

// What the chart deploys must keep the demo's promises: every service runs under the
// production profile (which refuses demo users and development keys at start), serves
// metrics apart from its API, reads the database as its own user, and gets exactly the
// credentials its routes and calls need.
describe('the production shape of the chart', () => {
  let chart: string;
  let pods: PodTemplate[];
  beforeAll(() => {
    chart = stageChart();
    pods = podTemplates(render(chart, { valuesFiles: [PRODUCTION_VALUES], values: allServicesEnabled() }));
  });
  afterAll(() => removeStagedChart(chart));

  const envOf = (pod: PodTemplate): Record<string, string | undefined> =>
    Object.fromEntries((pod.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
  const secretsOf = (name: string): string[] => {
    const pod = pods.find((p) => component(p.owner) === name && p.owner.kind === 'Deployment');
    return (pod?.spec.containers[0]?.envFrom ?? []).map((e) => e.secretRef?.name ?? '').sort();
  };

  it('runs every service with ANDON_PROFILE=production and metrics on their own port', () => {
    const deployments = pods.filter((p) => p.owner.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(8);
    for (const pod of deployments) {
      const env = envOf(pod);
      expect({
        service: component(pod.owner),
        profile: env['ANDON_PROFILE'],
        metrics: env['METRICS_PORT'],
      }).toEqual({ service: component(pod.owner), profile: 'production', metrics: '9464' });
      expect(env['METRICS_PORT']).not.toBe(env['HTTP_PORT']);
      expect(pod.spec.containers[0]?.ports?.map((p) => p.name)).toContain('metrics');
    }
  });

  it('gives each service its own database user and every people-facing service the identity provider settings', () => {
    // andon-kafka-<service>: each service's own Kafka principal (SASL), as before.
    expect(secretsOf('approval')).toEqual([
      'andon-auth',
      'andon-kafka-approval',
      'andon-mongo-approval',
      'andon-signing-key',
    ]);
    expect(secretsOf('audit-ledger')).toEqual([
      'andon-auth',
      'andon-kafka-audit-ledger',
      'andon-ledger-checkpoint',
      'andon-mongo-audit-ledger',
    ]);
    expect(secretsOf('mes-writeback')).toEqual([
      'andon-auth',
      'andon-kafka-mes-writeback',
      'andon-mes',
      'andon-mongo-mes-writeback',
      'andon-public-keys',
    ]);
    expect(secretsOf('ingest')).toEqual(['andon-ingest', 'andon-kafka-ingest', 'andon-mongo-ingest']);
    expect(secretsOf('quality-agent')).toEqual([
      'andon-kafka-quality-agent',
      'andon-llm',
      'andon-mongo-quality-agent',
    ]);
  });

  it("mounts approval's users file from a Secret when one is given, and only into approval", () => {
    const withUsers = podTemplates(
      render(chart, {
        valuesFiles: [PRODUCTION_VALUES],
        values: { approvalUsers: { existingSecret: 'andon-approval-users', key: 'users.yaml' } },
      }),
    );
    const approval = withUsers.find((p) => component(p.owner) === 'approval');
    expect(approval && envOf(approval)['USERS_FILE']).toBe('/etc/andon/users/users.yaml');
    expect(approval?.spec.volumes?.find((v) => v.name === 'approval-users')).toMatchObject({
      secret: { secretName: 'andon-approval-users' },
    });
    for (const other of withUsers.filter((p) => component(p.owner) !== 'approval'))
      expect(envOf(other)['USERS_FILE']).toBeUndefined();
  });
});
