import { removeStagedChart, render, renderError, stageChart } from './chart';
import { named, networkPolicySpec, podTemplates, type K8sObject } from './manifests';

// The MQTT source (ADR 0016): one replica, never two at once, credentials from Secrets,
// egress to the broker only, and no plain-text broker in production.
describe('mqttSource values', () => {
  let chart: string;
  const mqtt = {
    enabled: true,
    url: 'mqtts://broker.plant-a.example:8883',
    username: 'andon',
    passwordSecret: 'plant-a-mqtt',
    tlsSecret: 'plant-a-mqtt-tls',
    clientCertificate: true,
    brokerCidrs: ['10.20.0.0/24'],
  };
  beforeAll(() => {
    chart = stageChart();
  });
  afterAll(() => removeStagedChart(chart));

  it('is off by default', () => {
    expect(render(chart).some((o) => o.metadata.name.endsWith('ingest-mqtt'))).toBe(false);
  });

  it('renders one Recreate replica of the ingest image with the broker settings, password and certificates from Secrets', () => {
    const objects: K8sObject[] = render(chart, { values: { mqttSource: mqtt } });
    const deployment = named(objects, 'Deployment', 'andon-ingest-mqtt');
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const pod = podTemplates([deployment])[0];
    const container = pod?.spec.containers[0];
    expect(container?.image).toMatch(/\/andon-ingest:/);
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      INGEST_MQTT_URL: mqtt.url,
      INGEST_MQTT_USERNAME: 'andon',
      INGEST_MQTT_PASSWORD_FILE: '/etc/andon/mqtt-password/password',
      INGEST_MQTT_CA_FILE: '/etc/andon/mqtt-tls/ca.crt',
      INGEST_MQTT_CERT_FILE: '/etc/andon/mqtt-tls/tls.crt',
      INGEST_PROTOCOL_MAPS_DIR: '/app/config/protocol-maps',
    });
    expect(JSON.stringify(container?.env)).not.toMatch(/INGEST_MQTT_PASSWORD"/);
    const egress = networkPolicySpec(named(objects, 'NetworkPolicy', 'andon-ingest-mqtt-egress-broker'));
    expect(egress.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.0.0/24' } }], ports: [{ port: 8883, protocol: 'TCP' }] },
    ]);
    expect(named(objects, 'ConfigMap', 'andon-protocol-maps').data).toHaveProperty(['plant-a.yaml']);
  });

  it('refuses a broker without TLS in production and a broker range inside the MES range', () => {
    expect(renderError(chart, { values: { mqttSource: { ...mqtt, url: 'mqtt://broker:1883' } } })).toMatch(
      /is not TLS; production needs mqtts/,
    );
    expect(
      renderError(chart, { values: { mqttSource: { ...mqtt, brokerCidrs: ['10.250.1.0/24'] } } }),
    ).toMatch(/overlaps the MES range/);
    expect(renderError(chart, { values: { mqttSource: { ...mqtt, tlsSecret: '' } } })).toMatch(
      /clientCertificate: needs mqttSource.tlsSecret/,
    );
  });
});
