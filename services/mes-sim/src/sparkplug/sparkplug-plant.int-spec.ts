import { connectAsync, type MqttClient } from 'mqtt';
import { get as sparkplugPayloads } from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { InProcessEventBus, type OutgoingMessage } from '@andon/bus';
import { createLogger } from '@andon/observability';
import { mqttUrl, uniqueName, waitFor } from '@andon/testing';
import { PlantModel, siteId, type PlantSite } from '@andon/plant-model';
import { PLANT_MODEL } from '../test-support/test-plant';
import { SparkplugPlantPublisher } from './sparkplug-plant.publisher';

// SIM_TRANSPORT=sparkplug against a real Mosquitto: the simulated line behaves as a
// Sparkplug B edge node (births, DDATA by alias in seq order, rebirth on NCMD, NDEATH),
// machine events leave Kafka for MQTT and everything else still goes to the raw topics.

const found = sparkplugPayloads('spBv1.0');
if (found === null) throw new Error('no spBv1.0 codec');
const codec = found;

interface Seen {
  topic: string;
  payload: UPayload;
}

describe('mes-sim Sparkplug transport', () => {
  const site = `plant-${uniqueName('s')
    .replace(/[^a-z0-9]/gi, '')
    .slice(-10)
    .toLowerCase()}`;
  // One line of the plant model's plant-a under a site id of this run.
  const seed = PLANT_MODEL.site('plant-a') as PlantSite;
  const modelled = [...seed.lines.values()][0];
  if (!modelled) throw new Error('the plant model has no line on plant-a');
  const id = siteId(site);
  const line = { ...modelled, site: id, machines: [...modelled.machines.values()] };
  const onePlant = (at: string): PlantModel =>
    new PlantModel(
      [{ ...seed, id: siteId(at), lines: new Map([[line.id, { ...modelled, site: siteId(at) }]]) }],
      'test',
    );
  const plant = onePlant(site);
  const group = `${seed.enterprise}-${site}`;
  const node = `edge-${line.id}`;
  const machine = line.machines[0]?.id ?? '';
  let listener: MqttClient;
  let publisher: SparkplugPlantPublisher | undefined;
  const seen: Seen[] = [];
  const bus = new InProcessEventBus({ logger: createLogger('mes-sim-test', 'silent') });
  const toKafka: OutgoingMessage[] = [];

  beforeAll(async () => {
    listener = await connectAsync(mqttUrl(), { clientId: `${site}-listener` });
    listener.on('message', (topic, payload) => {
      if (!topic.includes('/NCMD/')) seen.push({ topic, payload: codec.decodePayload(payload) });
    });
    await listener.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });
    await bus.ensureTopics([
      { name: 'andon.raw.mes.v1', partitions: 1 },
      { name: 'andon.raw.historian.v1', partitions: 1 },
    ]);
    await bus.subscribe({
      groupId: 'kafka',
      topics: ['andon.raw.mes.v1', 'andon.raw.historian.v1'],
      fromBeginning: true,
      handler: async (value, ctx) => void toKafka.push({ topic: ctx.topic, value }),
    });
  });
  afterAll(async () => {
    await publisher?.stop();
    await listener?.endAsync();
    await bus.close();
  });

  const raw = (
    topic: string,
    eventType: string,
    payload: Record<string, unknown>,
    at: number,
  ): OutgoingMessage => ({
    topic,
    key: `${site}/${line.id}`,
    value: Buffer.from(
      JSON.stringify({
        sourceSystem: 'MES',
        sourceEventId: `${eventType}-${at}`,
        eventType,
        location: { enterprise: 'acme', site, area: line.area, line: line.id },
        occurredAt: new Date(at).toISOString(),
        payload,
      }),
    ),
  });

  it('is an edge node per line: births, DDATA by alias in seq order, rebirth on NCMD, NDEATH with the birth bdSeq', async () => {
    publisher = await SparkplugPlantPublisher.start({
      bus,
      url: mqttUrl(),
      plant,
      log: createLogger('mes-sim-test', 'silent'),
      clientPrefix: site,
    });
    await waitFor(() => seen.filter((s) => s.topic.includes('/DBIRTH/')).length === line.machines.length, {
      description: 'a DBIRTH per machine',
    });
    const nbirth = seen.find((s) => s.topic === `spBv1.0/${group}/NBIRTH/${node}`);
    const bdSeq = Number(nbirth?.payload.metrics?.find((m) => m.name === 'bdSeq')?.value);
    expect(Number(nbirth?.payload.seq)).toBe(0);
    // Every metric is declared with its alias in the birth, a value not known yet as null.
    const dbirth = seen.find((s) => s.topic === `spBv1.0/${group}/DBIRTH/${node}/${machine}`);
    expect(dbirth?.payload.metrics?.map((m) => [m.name, m.value])).toEqual([
      ['Temperature', null],
      ['Alarm', ''],
      ['Downtime', ''],
    ]);

    const t = Date.now() - 60_000;
    await publisher.publish([
      raw(
        'andon.raw.historian.v1',
        'historian_reading',
        { tag: `${machine}.temperature`, value: 71.5, unit: 'degC', quality: 'GOOD' },
        t,
      ),
      raw(
        'andon.raw.mes.v1',
        'machine_alarm',
        { machineId: machine, alarmCode: 'A-100', severity: 'HIGH', state: 'RAISED' },
        t + 1,
      ),
      raw('andon.raw.mes.v1', 'downtime_start', { machineId: machine, reasonCode: 'D01' }, t + 2),
      raw('andon.raw.mes.v1', 'downtime_end', { machineId: machine, reasonCode: 'D01' }, t + 3),
      raw('andon.raw.mes.v1', 'production_count', { good: 50, scrap: 1, unit: 'ea' }, t + 4),
    ]);
    await waitFor(
      () => seen.filter((s) => s.topic.includes('/DDATA/')).length === 4 && toKafka.length === 1,
      { description: 'four DDATA and one record to Kafka' },
    );
    const ddata = seen.filter((s) => s.topic.includes('/DDATA/'));
    expect(ddata.map((d) => d.topic)).toEqual(Array(4).fill(`spBv1.0/${group}/DDATA/${node}/${machine}`));
    expect(ddata.map((d) => d.payload.metrics?.[0]?.value)).toEqual([71.5, 'A-100', 'D01', '']);
    expect(
      ddata.every(
        (d) => d.payload.metrics?.[0]?.name === undefined && d.payload.metrics?.[0]?.alias !== undefined,
      ),
    ).toBe(true);
    const seqs = seen.filter((s) => !s.topic.includes('/NDEATH/')).map((s) => Number(s.payload.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i % 256));
    expect(JSON.parse(Buffer.from(toKafka[0]?.value ?? new Uint8Array()).toString('utf8'))).toMatchObject({
      eventType: 'production_count',
    });

    // A host asks for a rebirth: the node states its current values again.
    const before = seen.length;
    await listener.publishAsync(
      `spBv1.0/${group}/NCMD/${node}`,
      Buffer.from(
        codec.encodePayload({
          timestamp: Date.now(),
          metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
        }),
      ),
      { qos: 1 },
    );
    await waitFor(
      () => seen.slice(before).filter((s) => s.topic.includes('/DBIRTH/')).length === line.machines.length,
      { description: 'the rebirth' },
    );
    const rebirth = seen.slice(before).find((s) => s.topic === `spBv1.0/${group}/DBIRTH/${node}/${machine}`);
    expect(rebirth?.payload.metrics?.find((m) => m.name === 'Temperature')?.value).toBe(71.5);

    await publisher.stop();
    publisher = undefined;
    await waitFor(() => seen.some((s) => s.topic === `spBv1.0/${group}/NDEATH/${node}`), {
      description: 'NDEATH',
    });
    expect(Number(seen.find((s) => s.topic.includes('/NDEATH/'))?.payload.metrics?.[0]?.value)).toBe(bdSeq);
  });

  it('with a primary host, waits for its STATE: publish() refuses while offline, births follow ONLINE', async () => {
    const host = `host-${site}`;
    const other = onePlant(`${site}-h`);
    const hostGroup = `${seed.enterprise}-${site}-h`;
    await listener.subscribeAsync(`spBv1.0/${hostGroup}/#`, { qos: 1 });
    const waiting = await SparkplugPlantPublisher.start({
      bus,
      url: mqttUrl(),
      plant: other,
      log: createLogger('mes-sim-test', 'silent'),
      clientPrefix: `${site}-h`,
      primaryHostId: host,
    });
    try {
      const t = Date.now() - 30_000;
      const reading = {
        ...raw(
          'andon.raw.historian.v1',
          'historian_reading',
          { tag: `${machine}.temperature`, value: 60, unit: 'degC' },
          t,
        ),
        key: `${site}-h/${line.id}`,
      };
      reading.value = Buffer.from(
        Buffer.from(reading.value).toString('utf8').replace(`"site":"${site}"`, `"site":"${site}-h"`),
      );
      await expect(waiting.publish([reading])).rejects.toThrow(/primary host is offline/);
      expect(seen.some((s) => s.topic.startsWith(`spBv1.0/${hostGroup}/`))).toBe(false);
      await listener.publishAsync(
        `spBv1.0/STATE/${host}`,
        JSON.stringify({ online: true, timestamp: Date.now() }),
        { qos: 1, retain: true },
      );
      await waitFor(() => seen.some((s) => s.topic === `spBv1.0/${hostGroup}/NBIRTH/${node}`), {
        description: 'births once the host is online',
      });
      await waiting.publish([reading]);
      await waitFor(() => seen.some((s) => s.topic === `spBv1.0/${hostGroup}/DDATA/${node}/${machine}`), {
        description: 'the held reading',
      });
    } finally {
      await listener.publishAsync(`spBv1.0/STATE/${host}`, '', { qos: 1, retain: true });
      await waiting.stop();
    }
  });
});
