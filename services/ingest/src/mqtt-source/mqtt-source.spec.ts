import { join } from 'node:path';
import { get as sparkplugPayloads } from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { HeaderNames, PlantEvent } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
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

// The MQTT source's message handling through the real pipeline (in-process bus, SQLite),
// without a broker: handle() is what the mqtt.js callback calls. The broker path is
// mqtt-source-restart.int-spec.ts.

const MAPS_DIR = join(__dirname, '..', '..', '..', '..', 'config', 'protocol-maps');
const found = sparkplugPayloads('spBv1.0');
if (found === null) throw new Error('no spBv1.0 codec');
const codec = found;
const spb = (p: UPayload): Buffer => Buffer.from(codec.encodePayload(p));
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

describe('MQTT source: protocol messages through the one ingest pipeline', () => {
  let h: Harness;
  let source: MqttSource;
  let plant: CollectedRecord[];
  let dlq: CollectedRecord[];
  const ts = Date.now() - 60_000;
  const NODE = 'spBv1.0/acme-plant-a/NBIRTH/edge-line-1';
  const DEVICE = (type: string): string => `spBv1.0/acme-plant-a/${type}/edge-line-1/press-1`;
  const UNS = 'acme/plant-a/molding/line-1/a-l1-c3/press-3';

  beforeAll(async () => {
    h = await startHarness({ settings: { INGEST_MAX_SKEW_MS: 24 * 3_600_000 } });
    plant = (await collect(h.bus, h.topics.plantEvents, 'spec-plant')).records;
    dlq = (await collect(h.bus, h.topics.deadLetters, 'spec-dlq')).records;
    const config = mqttSourceConfigSchema.parse({ INGEST_MQTT_URL: 'mqtt://127.0.0.1:1' });
    source = await createMqttSource(h.ports, config, { maps: ProtocolMaps.load(MAPS_DIR) });
  });
  afterAll(async () => h.close());

  const byType = (type: string): PlantEvent[] =>
    plant.filter((r) => r.headers[HeaderNames.EventType] === type).map((r) => PlantEvent.decode(r.value));

  it('publishes Sparkplug births and DDATA through the site code map and units; dead-letters what the map lacks with the original bytes', async () => {
    await source.handle(
      NODE,
      spb({ timestamp: ts, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 1 }] }),
      1,
    );
    await source.handle(
      DEVICE('DBIRTH'),
      spb({
        timestamp: ts,
        seq: 1,
        metrics: [
          { name: 'Temperature', alias: 1, type: 'Double', value: 212 },
          { name: 'Alarms/Overtemperature', alias: 2, type: 'Boolean', value: false },
          { name: 'Info/Firmware', alias: 3, type: 'String', value: '1.2' },
          { name: 'Vibration', alias: 4, type: 'Double', value: 0.3 },
        ],
      }),
      2,
    );
    const data = spb({
      timestamp: ts + 1,
      seq: 2,
      metrics: [
        { alias: 2, type: 'Boolean', value: true },
        { alias: 4, type: 'Double', value: 0.4 },
      ],
    });
    await source.handle(DEVICE('DDATA'), data, 3);
    await waitFor(() => plant.length >= 3 && dlq.length >= 2, {
      description: 'plant events and dead letters',
    });

    const reading = byType('historian_reading')[0];
    expect(reading?.payload).toEqual({
      $case: 'historianReading',
      value: expect.objectContaining({
        tag: 'a-l1-m1.temperature',
        value: 100,
        unit: 'degC',
        machineId: 'a-l1-m1',
      }),
    });
    expect(reading?.envelope?.location).toMatchObject({
      enterprise: 'acme',
      site: 'plant-a',
      area: 'molding',
      line: 'line-1',
      cell: 'a-l1-c1',
    });
    const alarms = byType('machine_alarm').map((e) =>
      e.payload?.$case === 'machineAlarm' ? [e.payload.value.alarmCode, e.payload.value.state] : [],
    );
    expect(alarms).toEqual([
      ['overtemperature', 2],
      ['overtemperature', 1],
    ]);
    const alarmRecord = plant.find((r) => r.headers[HeaderNames.EventType] === 'machine_alarm');
    expect(alarmRecord?.headers[IngestHeaders.SourceCodes]).toBe('alarm_code:A-100');
    expect(alarmRecord?.headers[IngestHeaders.IngestSource]).toMatch(
      /^mqtt\/spBv1\.0\/acme-plant-a\/DBIRTH\/edge-line-1\/press-1\/2\/\d$/,
    );

    const vibration = dlq.filter((r) => r.headers[MqttHeaders.Unit] === 'Vibration');
    expect(vibration).toHaveLength(2);
    expect(vibration[1]?.headers[HeaderNames.DlqReason]).toBe('unknown_location');
    expect(vibration[1]?.headers[HeaderNames.DlqMessage]).toMatch(/^unmapped_metric: /);
    expect(Buffer.compare(vibration[1]?.value ?? Buffer.alloc(0), data)).toBe(0);
    const listed = await (await UnmappedPathsRepository.open(h.store)).list({ site: 'plant-a' });
    expect(listed).toEqual([
      expect.objectContaining({
        protocol: 'sparkplug',
        path: 'acme-plant-a/edge-line-1/press-1/Vibration',
        count: 2,
      }),
    ]);
    // Info/ is ignored by the map: counted as control, neither published nor dead-lettered.
    expect(dlq.some((r) => r.headers[MqttHeaders.Unit] === 'Info/Firmware')).toBe(false);
  });

  it('dedupes a re-sent message and refuses a sequence gap with a rebirth request', async () => {
    const before = plant.length;
    const resend = spb({ timestamp: ts + 1, seq: 3, metrics: [{ alias: 2, type: 'Boolean', value: true }] });
    await source.handle(DEVICE('DDATA'), resend, 4);
    expect(
      await counterValue(h.metrics, 'andon_ingest_events_total', { outcome: 'deduped', format: 'json' }),
    ).toBe(1);
    const gap = spb({ timestamp: ts + 2, seq: 9, metrics: [{ alias: 1, type: 'Double', value: 50 }] });
    await source.handle(DEVICE('DDATA'), gap, 5);
    await waitFor(() => dlq.some((r) => Buffer.compare(r.value, gap) === 0), {
      description: 'the gap message dead-lettered',
    });
    expect(dlq.find((r) => Buffer.compare(r.value, gap) === 0)?.headers[HeaderNames.DlqMessage]).toMatch(
      /^sequence_gap: .*seq 9, expected 4/,
    );
    expect(await counterValue(h.metrics, 'andon_ingest_mqtt_rebirth_requests_total', {})).toBe(1);
    expect(plant.length).toBe(before);
    expect(source.sparkplugNodes()).toEqual([
      expect.objectContaining({ node: 'acme-plant-a/edge-line-1', awaitingRebirth: true }),
    ]);
  });

  it('maps UNS JSON by topic prefix and refuses values without a timestamp or not JSON', async () => {
    await source.handle(`${UNS}/temperature`, json({ value: 81.5, timestamp_ms: ts }), 6);
    await source.handle(`${UNS}/state/down`, json({ value: true, timestamp: new Date(ts).toISOString() }), 7);
    await source.handle(`${UNS}/temperature`, json({ value: 80 }), 8);
    await source.handle(`${UNS}/temperature`, Buffer.from('not json'), 9);
    await source.handle('acme/plant-z/elsewhere/x', json({ value: 1, timestamp_ms: ts }), 10);
    await waitFor(() => byType('downtime_start').length === 1, { description: 'the UNS downtime' });
    expect(byType('downtime_start')[0]?.payload).toEqual({
      $case: 'downtimeStart',
      value: expect.objectContaining({ machineId: 'a-l1-m3', reasonCode: 'D02' }),
    });
    expect(
      byType('historian_reading').some(
        (e) =>
          e.payload?.$case === 'historianReading' &&
          e.payload.value.tag === 'a-l1-m3.temperature' &&
          e.payload.value.value === 81.5,
      ),
    ).toBe(true);
    const reasons = dlq
      .filter((r) => r.headers[MqttHeaders.Topic]?.startsWith('acme/'))
      .map((r) => (r.headers[HeaderNames.DlqMessage] ?? '').split(':')[0]);
    expect(reasons).toEqual(['schema_invalid', 'decode_failed', 'unmapped_topic']);
  });

  it('maps B2MML ProductionSchedule to work orders and refuses a document that breaks its schema', async () => {
    const schedule = {
      ProductionSchedule: {
        ID: 'PS-7',
        PublishedDate: new Date(ts).toISOString(),
        ProductionRequest: [
          {
            ID: 'WO-9001',
            RequestState: 'Released',
            EndTime: new Date(ts + 86_400_000).toISOString(),
            HierarchyScope: { EquipmentID: 'line-2', EquipmentElementLevel: 'ProductionLine' },
            SegmentRequirement: [
              {
                MaterialProducedRequirement: [
                  {
                    MaterialDefinitionID: 'PX-200',
                    Quantity: [{ QuantityString: '500', UnitOfMeasure: 'pcs' }],
                  },
                ],
              },
            ],
          },
          { ID: 'WO-9002', RequestState: 'Forecast' },
        ],
      },
    };
    await source.handle('acme/plant-a/b2mml/ProductionSchedule', json(schedule), 11);
    await source.handle(
      'acme/plant-a/b2mml/ProductionSchedule',
      json({ ProductionSchedule: { ID: 'PS-8', ProductionRequest: [] } }),
      12,
    );
    await waitFor(() => byType('work_order_status').length === 1, { description: 'the work order' });
    expect(byType('work_order_status')[0]?.payload).toEqual({
      $case: 'workOrderStatus',
      value: expect.objectContaining({
        workOrderId: 'WO-9001',
        product: 'PX-200',
        plannedQuantity: 500,
        unit: 'ea',
      }),
    });
    expect(byType('work_order_status')[0]?.envelope?.location).toMatchObject({
      site: 'plant-a',
      line: 'line-2',
      area: 'assembly',
    });
    await waitFor(
      () => dlq.some((r) => r.headers[MqttHeaders.Topic] === 'acme/plant-a/b2mml/ProductionSchedule'),
      { description: 'the refused schedule' },
    );
    expect(
      dlq.find((r) => r.headers[MqttHeaders.Topic] === 'acme/plant-a/b2mml/ProductionSchedule')?.headers[
        HeaderNames.DlqMessage
      ],
    ).toMatch(/^schema_invalid: B2MML ProductionSchedule: ProductionSchedule\.ProductionRequest/);
  });

  it("reads the simulator's edge nodes: String Alarm and Downtime metrics carry plant B's own codes", async () => {
    const node = 'spBv1.0/acme-plant-b/NBIRTH/edge-line-3';
    const device = (type: string): string => `spBv1.0/acme-plant-b/${type}/edge-line-3/b-l3-m2`;
    await source.handle(
      node,
      spb({ timestamp: ts, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 4 }] }),
      21,
    );
    await source.handle(
      device('DBIRTH'),
      spb({
        timestamp: ts,
        seq: 1,
        metrics: [
          { name: 'Temperature', alias: 1, type: 'Double', value: 150.8 },
          { name: 'Alarm', alias: 2, type: 'String', value: '' },
          { name: 'Downtime', alias: 3, type: 'String', value: '' },
        ],
      }),
      22,
    );
    await source.handle(
      device('DDATA'),
      spb({
        timestamp: ts + 10,
        seq: 2,
        metrics: [
          { alias: 2, type: 'String', value: 'TEMP_HI' },
          { alias: 3, type: 'String', value: '130' },
        ],
      }),
      23,
    );
    await waitFor(
      () =>
        plant.some(
          (r) =>
            r.headers[HeaderNames.EventType] === 'downtime_start' &&
            r.headers[HeaderNames.Site] === 'plant-b',
        ),
      { description: 'plant B downtime' },
    );
    const events = plant
      .filter((r) => r.headers[HeaderNames.Site] === 'plant-b')
      .map((r) => PlantEvent.decode(r.value));
    expect(events.map((e) => e.payload?.$case)).toEqual([
      'historianReading',
      'downtimeEnd',
      'machineAlarm',
      'downtimeStart',
    ]);
    expect(events[0]?.payload).toEqual({
      $case: 'historianReading',
      value: expect.objectContaining({ value: 66, unit: 'degC', machineId: 'b-l3-m2' }),
    });
    expect(events[2]?.payload).toEqual({
      $case: 'machineAlarm',
      value: expect.objectContaining({ alarmCode: 'overtemperature', state: 1 }),
    });
    expect(events[3]?.envelope?.location).toMatchObject({ site: 'plant-b', line: 'line-3', cell: 'b-l3-c2' });
    // The birth's empty Alarm names no alarm to clear: counted as control, neither published nor refused.
    expect(dlq.some((r) => r.headers[MqttHeaders.Topic]?.includes('acme-plant-b'))).toBe(false);
    expect(
      await counterValue(h.metrics, 'andon_ingest_mqtt_control_total', { protocol: 'sparkplug' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
