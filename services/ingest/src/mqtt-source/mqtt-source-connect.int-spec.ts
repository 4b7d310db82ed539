import { connectAsync } from 'mqtt';
import { HeaderNames } from '@andon/contracts';
import { ENV, MQTT_TEST_USER, mqttListenersFromState, mqttUrl, uniqueName, waitFor } from '@andon/testing';
import { protocolMapSchema } from '../protocols/plant-mapping/protocol-map.schema';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { collect, startHarness, type CollectedRecord, type Harness } from '../test-support/ingest-fixtures';
import { mqttSourceConfigSchema } from './mqtt-source.config';
import { createMqttSource } from './mqtt-source.factory';

// How the source reaches a plant's broker: MQTT 3.1.1 and 5, username/password, TLS with a
// client certificate — against the harness's Mosquitto, whose listeners enforce each.

describe('MQTT source: protocol versions and authentication against real Mosquitto', () => {
  const run = uniqueName('mqc').replace(/[^a-z0-9-]/gi, '-');
  const prefix = `${run}/plant-a/molding/line-1/a-l1-c3/press-3`;
  const maps = new ProtocolMaps([
    protocolMapSchema.parse({
      site: 'plant-a',
      version: 1,
      uns: [
        {
          topic: prefix,
          line: 'line-1',
          machine: 'a-l1-m3',
          metrics: { temperature: { event: 'historian_reading', tag: 't' } },
        },
      ],
    }),
  ]);
  const listeners = mqttListenersFromState(process.env[ENV.stateFile]);
  let h: Harness;
  let plant: CollectedRecord[];

  beforeAll(async () => {
    if (!listeners.passwordUrl || !listeners.tls)
      throw new Error(
        'these listeners exist only on a Mosquitto the harness started (ANDON_REAL_SERVERS including mosquitto, no ANDON_TEST_MQTT_URL set)',
      );
    h = await startHarness({ settings: { INGEST_MAX_SKEW_MS: 24 * 3_600_000 } });
    plant = (await collect(h.bus, h.topics.plantEvents, `${run}-plant`)).records;
  });
  afterAll(async () => h?.close());

  const config = (extra: Record<string, string>) =>
    mqttSourceConfigSchema.parse({
      INGEST_MQTT_URL: mqttUrl(),
      INGEST_MQTT_CLIENT_ID: `${run}-${Object.keys(extra).join('')}`.slice(0, 64),
      INGEST_MQTT_HOST_ID: run,
      ...extra,
    });

  it.each(['4', '5'])('receives over MQTT protocol version %s with a persistent session', async (version) => {
    const source = await createMqttSource(h.ports, config({ INGEST_MQTT_PROTOCOL_VERSION: version }), {
      maps,
    });
    await source.start();
    const publisher = await connectAsync(mqttUrl(), {
      clientId: `${run}-pub-${version}`,
      protocolVersion: version === '4' ? 4 : 5,
    });
    const ts = Date.now() - Number(version);
    await publisher.publishAsync(
      `${prefix}/temperature`,
      JSON.stringify({ value: Number(version), timestamp_ms: ts }),
      { qos: 1 },
    );
    await waitFor(
      () => plant.some((r) => r.headers['andon-source-event-id'] === `uns/${prefix}/temperature@${ts}`),
      { description: `the v${version} message as a plant event` },
    );
    await publisher.endAsync();
    await source.stop();
  });

  it('authenticates with username and password, and is refused with a wrong one', async () => {
    const url = { INGEST_MQTT_URL: listeners.passwordUrl ?? '' };
    const good = await createMqttSource(
      h.ports,
      {
        ...config({}),
        ...mqttSourceConfigSchema.parse({
          ...url,
          INGEST_MQTT_USERNAME: MQTT_TEST_USER.username,
          INGEST_MQTT_PASSWORD: MQTT_TEST_USER.password,
        }),
        INGEST_MQTT_CLIENT_ID: `${run}-pw`,
      },
      { maps },
    );
    await good.start();
    expect(good.isConnected()).toBe(true);
    await good.stop();
    const bad = await createMqttSource(
      h.ports,
      {
        ...config({}),
        ...mqttSourceConfigSchema.parse({
          ...url,
          INGEST_MQTT_USERNAME: MQTT_TEST_USER.username,
          INGEST_MQTT_PASSWORD: 'wrong',
        }),
        INGEST_MQTT_CLIENT_ID: `${run}-pw2`,
      },
      { maps },
    );
    await expect(bad.start()).rejects.toThrow(/Not authorized|Bad User Name or Password|Connection refused/i);
  });

  it('connects over TLS with a client certificate, verifying the server against the CA, and is refused without one', async () => {
    const tls = listeners.tls;
    if (!tls) throw new Error('no TLS listener');
    const withCert = mqttSourceConfigSchema.parse({
      INGEST_MQTT_URL: tls.url,
      INGEST_MQTT_CA_FILE: tls.ca,
      INGEST_MQTT_CERT_FILE: tls.cert,
      INGEST_MQTT_KEY_FILE: tls.key,
      INGEST_MQTT_CLIENT_ID: `${run}-tls`,
      INGEST_MQTT_HOST_ID: run,
    });
    const source = await createMqttSource(h.ports, withCert, { maps });
    await source.start();
    expect(source.isConnected()).toBe(true);
    await source.stop();
    const noCert = mqttSourceConfigSchema.parse({
      INGEST_MQTT_URL: tls.url,
      INGEST_MQTT_CA_FILE: tls.ca,
      INGEST_MQTT_CLIENT_ID: `${run}-tls2`,
      INGEST_MQTT_HOST_ID: run,
    });
    const refused = await createMqttSource(h.ports, noCert, { maps });
    await expect(refused.start()).rejects.toThrow();
    expect(plant.every((r) => r.headers[HeaderNames.EventType] === 'historian_reading')).toBe(true);
  });
});
