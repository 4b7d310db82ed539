import { connectAsync, type MqttClient } from 'mqtt';
import { get as sparkplugPayloads } from 'sparkplug-payload';
import { HeaderNames } from '@andon/contracts';
import { mqttUrl, uniqueName, waitFor } from '@andon/testing';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { protocolMapSchema } from '../protocols/plant-mapping/protocol-map.schema';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { EdgeNode } from '../test-support/edge-node';
import { TcpProxy } from '../test-support/tcp-proxy';
import {
  collect,
  counterValue,
  startHarness,
  type CollectedRecord,
  type Harness,
} from '../test-support/ingest-fixtures';
import { MqttHeaders } from './mqtt-dead-letter';
import type { MqttSource } from './mqtt-source';
import { mqttSourceConfigSchema } from './mqtt-source.config';
import { createMqttSource } from './mqtt-source.factory';

// Conservation through a real Mosquitto with the source restarted mid-stream: every unit
// of every MQTT message (a Sparkplug metric value, a UNS message) ends in exactly one of
// plant events (by source event id, at most once) or the DLQ (original payload bytes +
// reason), and per delivery units = published + deduped + dead-lettered. The edge node
// is Tahu's sparkplug-payload on mqtt.js; it sees a forced restart of the source, a
// sequence gap (answered by a rebirth it is asked for) and its own death.

const N = 60;
const STOP_AT = 20;
const RESTART_AT = 40;
const GAP_AT = 50;

interface Sent {
  topic: string;
  payload: Buffer;
  /** Source event ids of its mapped units (published unless the whole message was refused). */
  ids: string[];
  /** Metric names expected to be dead-lettered on their own (unmapped). */
  refusedUnits: string[];
}

describe('MQTT source: conservation across a restart, through real Mosquitto', () => {
  const run = uniqueName('mq').replace(/[^a-z0-9-]/gi, '-');
  const group = `g-${run}`;
  const prefix = `${run}/plant-a/molding/line-1/a-l1-c3/press-3`;
  let h: Harness;
  let plant: CollectedRecord[];
  let dlq: CollectedRecord[];
  let edge: EdgeNode;
  let uns: MqttClient;
  let spy: MqttClient;
  const toPlant: Array<{ topic: string; payload: Buffer }> = [];
  let source: MqttSource | undefined;
  let proxy: TcpProxy;
  let proxiedUrl = '';
  const sent: Sent[] = [];

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
          metrics: {
            Temperature: { event: 'historian_reading', tag: 't', unit: 'degF' },
            'Counts/Good': { event: 'production_count' },
            'Alarms/Overtemperature': { event: 'machine_alarm', alarmCode: 'A-100' },
          },
        },
      ],
      uns: [
        {
          topic: prefix,
          line: 'line-1',
          machine: 'a-l1-m3',
          metrics: { temperature: { event: 'historian_reading', tag: 'u' } },
        },
      ],
    }),
  ]);
  const config = (): ReturnType<typeof mqttSourceConfigSchema.parse> =>
    mqttSourceConfigSchema.parse({
      INGEST_MQTT_URL: proxiedUrl,
      INGEST_MQTT_CLIENT_ID: `ingest-${run}`.slice(0, 64),
      INGEST_MQTT_HOST_ID: `host-${run}`,
      INGEST_MQTT_REBIRTH_INTERVAL_MS: '0',
    });
  const startSource = async (): Promise<MqttSource> => {
    const s = await createMqttSource(h.ports, config(), { maps });
    await s.start();
    return s;
  };

  beforeAll(async () => {
    h = await startHarness({ settings: { INGEST_MAX_SKEW_MS: 24 * 3_600_000 } });
    // The source reaches the broker through a relay that can swallow its PUBACK and cut it off.
    const broker = new URL(mqttUrl());
    proxy = new TcpProxy(broker.hostname, Number(broker.port));
    proxiedUrl = `mqtt://127.0.0.1:${await proxy.listen()}`;
    plant = (await collect(h.bus, h.topics.plantEvents, `${run}-plant`)).records;
    dlq = (await collect(h.bus, h.topics.deadLetters, `${run}-dlq`)).records;
    edge = new EdgeNode(mqttUrl(), group, 'edge-1', 'press-1', [
      { name: 'Temperature', alias: 1, type: 'Double' },
      { name: 'Counts/Good', alias: 2, type: 'UInt32' },
      { name: 'Alarms/Overtemperature', alias: 3, type: 'Boolean' },
      { name: 'Mystery', alias: 4, type: 'Int32' },
    ]);
    uns = await connectAsync(mqttUrl(), { clientId: `uns-${run}`, reconnectPeriod: 0 });
    // What Andon sends to the plant: commands to this group and its host STATE, seen as the plant sees them.
    spy = await connectAsync(mqttUrl(), { clientId: `spy-${run}`, reconnectPeriod: 0 });
    spy.on('message', (topic, payload) => toPlant.push({ topic, payload: Buffer.from(payload) }));
    await spy.subscribeAsync(
      [`spBv1.0/${group}/NCMD/#`, `spBv1.0/${group}/DCMD/#`, `spBv1.0/STATE/host-${run}`],
      { qos: 1 },
    );
  }, 60_000);

  afterAll(async () => {
    await source?.stop({ force: true });
    await edge?.close();
    await uns?.endAsync(true);
    await spy?.endAsync(true);
    await proxy?.close();
    await h?.close();
  });

  it('keeps every unit in exactly one of plant events or the DLQ, with redeliveries counted as duplicates', async () => {
    source = await startSource();
    await edge.connect();
    const base = Date.now() - 60_000;
    await edge.births(base);
    for (let i = 0; i < N; i++) {
      const ts = base + 1_000 + i;
      if (i === RESTART_AT) source = await startSource();
      if (i === GAP_AT) edge.skipSequence();
      // The crash: this message is handled and published, but its PUBACK never reaches the
      // broker before the source dies, so the broker re-sends it to the restarted source.
      if (i === STOP_AT) proxy.hold();
      const payload = await edge.data({ Temperature: 150 + i, 'Counts/Good': i, Mystery: i }, ts);
      const spb = `spBv1.0/${group}/DDATA/edge-1/press-1`;
      const ids = ['Temperature', 'Counts/Good'].map((m) => `spb/${group}/edge-1/press-1/${m}@${ts}`);
      sent.push({ topic: spb, payload, ids, refusedUnits: ['Mystery'] });
      if (i === STOP_AT) {
        await waitFor(
          () => ids.every((id) => plant.some((r) => r.headers[IngestHeaders.SourceEventId] === id)),
          // The collector's first records can wait on its consumer group's join on a loaded machine.
          { timeoutMs: 90_000, description: 'the message before the crash published' },
        );
        proxy.cut();
        await source.stop({ force: true });
      }
      const topic = `${prefix}/temperature`;
      const body =
        i % 10 === 7
          ? Buffer.from('{"value": 1, "timestamp_ms": ')
          : Buffer.from(JSON.stringify({ value: 20 + i, timestamp_ms: ts }));
      await uns.publishAsync(topic, body, { qos: 1 });
      sent.push({
        topic,
        payload: body,
        ids: i % 10 === 7 ? [] : [`uns/${topic}@${ts}`],
        refusedUnits: i % 10 === 7 ? ['(message)'] : [],
      });
    }

    const publishedIds = (): string[] => plant.map((r) => r.headers[IngestHeaders.SourceEventId] ?? '');
    const lettersOf = (s: Sent): CollectedRecord[] =>
      dlq.filter((r) => r.headers[MqttHeaders.Topic] === s.topic && Buffer.compare(r.value, s.payload) === 0);
    const accounted = (s: Sent): boolean => {
      const letters = lettersOf(s);
      const wholeMessageRefused = letters.some((l) => l.headers[MqttHeaders.Unit] === '(message)');
      const unitsDone = wholeMessageRefused || s.ids.every((id) => publishedIds().includes(id));
      const refusalsDone =
        wholeMessageRefused ||
        s.refusedUnits.every((u) => letters.some((l) => l.headers[MqttHeaders.Unit] === u));
      return unitsDone && refusalsDone;
    };
    await waitFor(() => sent.every(accounted), {
      timeoutMs: 90_000,
      intervalMs: 250,
      description: 'every sent MQTT message accounted for in plant events or the DLQ',
    });

    // Exactly one: no unit published twice, and no message both published and refused whole.
    const ids = publishedIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(plant.map((r) => r.headers[HeaderNames.EventId])).size).toBe(plant.length);
    for (const s of sent) {
      const refusedWhole = lettersOf(s).some((l) => l.headers[MqttHeaders.Unit] === '(message)');
      if (refusedWhole) expect(s.ids.filter((id) => ids.includes(id))).toEqual([]);
    }
    // Nothing published that was not sent (births' current values aside).
    const sentIds = new Set(sent.flatMap((s) => s.ids));
    const extra = ids.filter(
      (id) => !sentIds.has(id) && !id.endsWith(`@${base}`) && !/press-1\/[^@]+@\d+$/.test(id),
    );
    expect(extra).toEqual([]);

    // The gap was refused and answered with a rebirth; data after the rebirth flows again.
    const gap = sent.filter((s) => s.topic.startsWith('spBv1.0'))[GAP_AT];
    expect(gap && lettersOf(gap).map((l) => l.headers[HeaderNames.DlqReason])).toContain('decode_failed');
    expect(gap && lettersOf(gap)[0]?.headers[HeaderNames.DlqMessage]).toMatch(/^sequence_gap: /);
    await waitFor(() => edge.rebirths >= 1, {
      timeoutMs: 10_000,
      description: 'the edge node to be asked for a rebirth',
    });
    // Data sent while a rebirth is under way may itself be refused (and ask again); once the node
    // has settled, a value goes through. Each attempt is a new value, waited on, never slept on.
    let flowed = false;
    for (let attempt = 0; attempt < 10 && !flowed; attempt++) {
      await edge.settled();
      const ts = base + 5_000 + attempt;
      const payload = await edge.data({ Temperature: 999, 'Counts/Good': 1 }, ts);
      const id = `spb/${group}/edge-1/press-1/Temperature@${ts}`;
      await waitFor(
        () =>
          publishedIds().includes(id) ||
          lettersOf({ topic: `spBv1.0/${group}/DDATA/edge-1/press-1`, payload, ids: [], refusedUnits: [] })
            .length > 0,
        {
          timeoutMs: 10_000,
          description: 'the value sent after the rebirth to be published or refused',
        },
      );
      flowed = publishedIds().includes(id);
    }
    expect(flowed).toBe(true);

    // Per delivery: units = published + deduped + dead-lettered (every input of this runtime came over MQTT).
    const units =
      (await counterValue(h.metrics, 'andon_ingest_mqtt_units_total', { protocol: 'sparkplug' })) +
      (await counterValue(h.metrics, 'andon_ingest_mqtt_units_total', { protocol: 'uns' }));
    let outcomes = 0;
    for (const outcome of ['published', 'deduped', 'dead_lettered'])
      for (const format of ['json', 'sparkplug', 'uns'])
        outcomes += await counterValue(h.metrics, 'andon_ingest_events_total', { outcome, format });
    expect(outcomes).toBe(units);
    // The message in hand at the crash came again and was counted as a duplicate, not re-published.
    expect(
      await counterValue(h.metrics, 'andon_ingest_events_total', { outcome: 'deduped', format: 'json' }),
    ).toBeGreaterThanOrEqual(2);
    expect(plant.length).toBe(
      await counterValue(h.metrics, 'andon_ingest_events_total', { outcome: 'published', format: 'json' }),
    );

    // Death: the node's births are dropped; its next data is refused (and a rebirth asked for).
    // Andon published nothing to the plant but rebirth requests and its own STATE.
    const codec = sparkplugPayloads('spBv1.0');
    const commands = toPlant.filter((m) => !m.topic.startsWith('spBv1.0/STATE/'));
    expect(commands.length).toBeGreaterThanOrEqual(1);
    for (const c of commands) {
      expect(c.topic).toBe(`spBv1.0/${group}/NCMD/edge-1`);
      expect(codec?.decodePayload(c.payload).metrics?.map((m) => [m.name, m.value])).toEqual([
        ['Node Control/Rebirth', true],
      ]);
    }
    const states = toPlant
      .filter((m) => m.topic.startsWith('spBv1.0/STATE/'))
      .map((m) => JSON.parse(m.payload.toString('utf8')) as { online: boolean });
    expect(states.map((st) => st.online)).toContain(true);
    // The forced stop left the will: the host was announced offline before the restart announced it online again.
    expect(states.map((st) => st.online)).toContain(false);

    await edge.die();
    await waitFor(() => source?.sparkplugNodes().every((n) => n.node !== `${group}/edge-1`) ?? false, {
      timeoutMs: 10_000,
      description: 'NDEATH to end the node session',
    });
  }, 240_000);
});
