import { connectAsync, type MqttClient } from 'mqtt';
import { HeaderNames } from '@andon/contracts';
import { mqttUrl, uniqueName, waitFor } from '@andon/testing';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { protocolMapSchema } from '../protocols/plant-mapping/protocol-map.schema';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { EdgeNode } from '../test-support/edge-node';
import { collect, startHarness, type CollectedRecord, type Harness } from '../test-support/ingest-fixtures';
import { MqttHeaders } from './mqtt-dead-letter';
import type { MqttSource } from './mqtt-source';
import { mqttSourceConfigSchema } from './mqtt-source.config';
import { createMqttSource } from './mqtt-source.factory';

// A Sparkplug sequence gap across a restart of the source, through a real Mosquitto: the
// source saves each node's last seq (with its bdSeq) before acknowledging a batch, so after
// a restart the first message must follow it. A clean restart asks nothing of the plant; a
// message lost while the source was away is detected, refused and answered with NCMD Rebirth.

describe('Sparkplug: a sequence gap across a restart of the MQTT source', () => {
  const run = uniqueName('spgap').replace(/[^a-z0-9-]/gi, '-');
  const group = `g-${run}`;
  let h: Harness;
  let plant: CollectedRecord[];
  let dlq: CollectedRecord[];
  let edge: EdgeNode;
  let spy: MqttClient;
  const commands: string[] = [];
  let source: MqttSource | undefined;

  const maps = new ProtocolMaps([
    protocolMapSchema.parse({
      site: 'plant-a',
      version: 1,
      sparkplug: [
        {
          group,
          node: 'edge-1',
          device: 'press-1',
          line: 'line-1',
          machine: 'a-l1-m1',
          metrics: { Temperature: { event: 'historian_reading', tag: 't', unit: 'degF' } },
        },
      ],
    }),
  ]);
  const startSource = async (): Promise<MqttSource> => {
    const s = await createMqttSource(
      h.ports,
      mqttSourceConfigSchema.parse({
        INGEST_MQTT_URL: mqttUrl(),
        INGEST_MQTT_CLIENT_ID: `ingest-${run}`.slice(0, 64),
        INGEST_MQTT_HOST_ID: `host-${run}`,
        INGEST_MQTT_REBIRTH_INTERVAL_MS: '0',
      }),
      { maps },
    );
    await s.start();
    return s;
  };
  const published = (ts: number): boolean =>
    plant.some(
      (r) => r.headers[IngestHeaders.SourceEventId] === `spb/${group}/edge-1/press-1/Temperature@${ts}`,
    );

  beforeAll(async () => {
    // One store for both source processes: what the first saved, the second reads.
    h = await startHarness({ settings: { INGEST_MAX_SKEW_MS: 24 * 3_600_000 } });
    plant = (await collect(h.bus, h.topics.plantEvents, `${run}-plant`)).records;
    dlq = (await collect(h.bus, h.topics.deadLetters, `${run}-dlq`)).records;
    edge = new EdgeNode(mqttUrl(), group, 'edge-1', 'press-1', [
      { name: 'Temperature', alias: 1, type: 'Double' },
    ]);
    spy = await connectAsync(mqttUrl(), { clientId: `spy-${run}`, reconnectPeriod: 0 });
    spy.on('message', (topic) => commands.push(topic));
    await spy.subscribeAsync(`spBv1.0/${group}/NCMD/#`, { qos: 1 });
  }, 60_000);

  afterAll(async () => {
    await source?.stop({ force: true });
    await edge?.close();
    await spy?.endAsync(true);
    await h?.close();
  });

  it('goes on after a clean restart, and detects a gap across one with a rebirth request', async () => {
    const base = Date.now() - 60_000;
    source = await startSource();
    await edge.connect();
    await edge.births(base);
    for (let i = 1; i <= 3; i++) await edge.data({ Temperature: 100 + i }, base + i);
    await waitFor(() => published(base + 3), { description: 'data before the first restart' });

    // Clean restart: the next seq follows the saved one; nothing is asked of the plant.
    await source.stop();
    await edge.data({ Temperature: 104 }, base + 4);
    source = await startSource();
    await edge.data({ Temperature: 105 }, base + 5);
    await waitFor(() => published(base + 4) && published(base + 5), {
      description: 'data across a clean restart',
    });
    expect(commands).toEqual([]);

    // A message lost while the source was away (the edge node's seq moves on without it).
    await source.stop();
    edge.skipSequence();
    const lostAt = base + 7;
    const after = await edge.data({ Temperature: 107 }, lostAt);
    source = await startSource();
    await waitFor(() => commands.length >= 1, { description: 'NCMD Rebirth for the gap across the restart' });
    expect(commands[0]).toBe(`spBv1.0/${group}/NCMD/edge-1`);
    const letters = (): CollectedRecord[] =>
      dlq.filter(
        (r) =>
          r.headers[MqttHeaders.Topic] === `spBv1.0/${group}/DDATA/edge-1/press-1` &&
          Buffer.compare(r.value, after) === 0,
      );
    await waitFor(() => letters().length === 1, { description: 'the message after the gap dead-lettered' });
    expect(letters()[0]?.headers[HeaderNames.DlqMessage]).toMatch(/^sequence_gap: .*seq \d+, expected \d+/);
    expect(published(lostAt)).toBe(false);

    // The edge node is reborn (asked by the NCMD) and its data flows again.
    await waitFor(() => edge.rebirths >= 1, { description: 'the edge node to answer the rebirth request' });
    await edge.settled();
    await waitFor(
      () => source?.sparkplugNodes().some((n) => n.node === `${group}/edge-1` && !n.awaitingRebirth) ?? false,
      {
        description: 'the new birth received',
      },
    );
    const resumed = base + 20;
    await edge.data({ Temperature: 120 }, resumed);
    await waitFor(() => published(resumed), { description: 'data after the rebirth' });
  }, 120_000);
});
