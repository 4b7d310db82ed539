import { removeStagedChart, render, renderError, stageChart } from './chart';
import { named, networkPolicySpec, podTemplates, type K8sObject } from './manifests';

// The OPC UA source (ADR 0016): one replica, certificate, trust list and password from
// Secrets, egress to the server only, and no unsecured channel or blind trust in production.
describe('opcuaSource values', () => {
  let chart: string;
  const opcua = {
    enabled: true,
    url: 'opc.tcp://plc-gateway.plant-a.example:4840',
    serverId: 'press-line-1',
    certificateSecret: 'andon-opcua-cert',
    trustedServerCertsSecret: 'plant-a-opcua-servers',
    username: 'andon',
    passwordSecret: 'plant-a-opcua',
    serverCidrs: ['10.30.0.0/24'],
  };
  beforeAll(() => {
    chart = stageChart();
  });
  afterAll(() => removeStagedChart(chart));

  it('is off by default', () => {
    expect(render(chart).some((o) => o.metadata.name.endsWith('ingest-opcua'))).toBe(false);
  });

  it('renders one replica of the ingest image with the endpoint, security, certificate, trust list and password from Secrets', () => {
    const objects: K8sObject[] = render(chart, { values: { opcuaSource: opcua } });
    const deployment = named(objects, 'Deployment', 'andon-ingest-opcua');
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const container = podTemplates([deployment])[0]?.spec.containers[0];
    expect(container?.image).toMatch(/\/andon-ingest:/);
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      INGEST_OPCUA_URL: opcua.url,
      INGEST_OPCUA_SERVER_ID: 'press-line-1',
      INGEST_OPCUA_SECURITY_MODE: 'SignAndEncrypt',
      INGEST_OPCUA_SECURITY_POLICY: 'Basic256Sha256',
      INGEST_OPCUA_CERT_FILE: '/etc/andon/opcua-cert/tls.crt',
      INGEST_OPCUA_KEY_FILE: '/etc/andon/opcua-cert/tls.key',
      INGEST_OPCUA_USERNAME: 'andon',
      INGEST_OPCUA_PASSWORD_FILE: '/etc/andon/opcua-password/password',
      INGEST_OPCUA_TRUST_UNKNOWN_SERVER: 'false',
    });
    expect(JSON.stringify(container?.env)).not.toMatch(/INGEST_OPCUA_PASSWORD"/);
    expect(JSON.stringify(container?.volumeMounts)).toContain('/data/opcua-pki/trusted/certs');
    const egress = networkPolicySpec(named(objects, 'NetworkPolicy', 'andon-ingest-opcua-egress-server'));
    expect(egress.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.30.0.0/24' } }], ports: [{ port: 4840, protocol: 'TCP' }] },
    ]);
    expect(named(objects, 'ConfigMap', 'andon-protocol-maps').data).toHaveProperty(['plant-a.yaml']);
  });

  it('shares the protocol maps ConfigMap with the MQTT source when both run', () => {
    const objects = render(chart, {
      values: { opcuaSource: opcua, mqttSource: { enabled: true, url: 'mqtts://broker:8883' } },
    });
    expect(
      objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'andon-protocol-maps'),
    ).toHaveLength(1);
  });

  it('refuses security None, blind trust and a server range inside the MES range in production', () => {
    expect(
      renderError(chart, {
        values: { opcuaSource: { ...opcua, securityMode: 'None', securityPolicy: 'None' } },
      }),
    ).toMatch(/None is refused in production/);
    expect(renderError(chart, { values: { opcuaSource: { ...opcua, trustUnknownServer: true } } })).toMatch(
      /refused in production/,
    );
    expect(
      renderError(chart, { values: { opcuaSource: { ...opcua, serverCidrs: ['10.250.1.0/24'] } } }),
    ).toMatch(/overlaps the MES range/);
    expect(renderError(chart, { values: { opcuaSource: { ...opcua, securityPolicy: 'None' } } })).toMatch(
      /goes with securityPolicy None/,
    );
  });
});
