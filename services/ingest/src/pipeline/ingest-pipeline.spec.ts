import { DLQ_HEADERS } from '@andon/bus';
import {
  AlarmSeverity,
  AlarmState,
  DataClassification,
  DowntimeReason,
  HeaderNames,
  PlantEvent,
  SourceSystem,
  Topics,
} from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { canonicalEventId } from '../normalise/event-id';
import {
  collect,
  counterValue,
  jsonBytes,
  jsonHeaders,
  rawJson,
  startHarness,
  type CollectedRecord,
  type Harness,
} from '../test-support/ingest-fixtures';
import { IngestHeaders } from './ingest-headers';

describe('ingest pipeline on the in-process bus', () => {
  let h: Harness;
  let plant: CollectedRecord[];
  let dlq: CollectedRecord[];

  beforeEach(async () => {
    h = await startHarness();
    plant = (await collect(h.bus, Topics.PlantEvents, 'test-plant')).records;
    dlq = (await collect(h.bus, Topics.DeadLetters, 'test-dlq')).records;
  });
  afterEach(() => h.close());

  const publishRaw = (topic: string, value: Uint8Array, headers = jsonHeaders, key = 'plant-a/line-1') =>
    h.bus.publish([{ topic, key, value, headers }]);

  it('turns a simulator JSON event into a canonical plant event keyed by site/line', async () => {
    const raw = rawJson({ sourceEventId: 'plant-a-mes-1' });
    const now = Date.now();
    await h.pipeline.process({
      value: jsonBytes({ ...raw, occurredAt: new Date(now - 60_000).toISOString().replace('Z', '+00:00') }),
      headers: jsonHeaders,
      key: 'plant-a/line-1',
      origin: {
        kind: 'kafka',
        topic: Topics.RawMes,
        partition: 0,
        offset: '7',
        groupId: 'ingest',
        timestamp: now,
      },
    });
    await waitFor(() => plant.length === 1, { description: 'one plant event' });
    const record = plant[0] as CollectedRecord;
    const event = PlantEvent.decode(record.value);
    const expectedId = canonicalEventId(SourceSystem.MES, 'plant-a-mes-1');
    expect(record.key).toBe('plant-a/line-1');
    expect(record.headers[HeaderNames.EventId]).toBe(expectedId);
    expect(record.headers[HeaderNames.EventType]).toBe('production_count');
    expect(record.headers[IngestHeaders.SourceEventId]).toBe('plant-a-mes-1');
    expect(record.headers[IngestHeaders.IngestSource]).toBe(`${Topics.RawMes}/0/7`);
    expect(record.headers[IngestHeaders.CodeMap]).toBe('plant-a@v1');
    expect(event.envelope).toMatchObject({
      eventId: expectedId,
      eventType: 'production_count',
      sourceSystem: SourceSystem.MES,
      location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1', cell: '' },
      schemaVersion: 1,
      dataClassification: DataClassification.INTERNAL,
      sourceRecordId: 'plant-a-mes-1',
      correlationId: expectedId,
    });
    expect(event.envelope?.occurredAt?.getTime()).toBe(now - 60_000);
    expect(event.envelope?.ingestedAt).toBeInstanceOf(Date);
    expect(event.payload).toEqual({
      $case: 'productionCount',
      value: expect.objectContaining({ good: 57, scrap: 1, unit: 'ea', product: 'PX-100', lotId: 'LOT-1' }),
    });
  });

  it('consumes every raw topic, translates plant B codes and units, and fills the work cell from the plant model', async () => {
    const b = { enterprise: 'acme', site: 'plant-b', area: 'mixing', line: 'line-3' };
    await publishRaw(
      Topics.RawHistorian,
      jsonBytes(
        rawJson({
          sourceSystem: 'HISTORIAN',
          sourceEventId: 'b-h-1',
          eventType: 'historian_reading',
          location: b,
          payload: {
            tag: 'b-l3-m2.temperature',
            value: 154.4,
            unit: 'degF',
            quality: 'GOOD',
            machineId: 'b-l3-m2',
          },
        }),
      ),
      jsonHeaders,
      'plant-b/line-3',
    );
    await publishRaw(
      Topics.RawMes,
      jsonBytes(
        rawJson({
          sourceEventId: 'b-m-1',
          eventType: 'downtime_start',
          location: b,
          payload: { machineId: 'b-l3-m1', reasonCode: '130' },
        }),
      ),
      jsonHeaders,
      'plant-b/line-3',
    );
    await publishRaw(
      Topics.RawMes,
      jsonBytes(
        rawJson({
          sourceEventId: 'b-m-2',
          eventType: 'machine_alarm',
          location: b,
          payload: { machineId: 'b-l3-m1', alarmCode: 'TEMP_HI', severity: 'HIGH', state: 'RAISED' },
        }),
      ),
      jsonHeaders,
      'plant-b/line-3',
    );
    await waitFor(() => plant.length === 3, { description: 'three plant events' });
    const byType = new Map(
      plant.map((r) => [r.headers[HeaderNames.EventType], { record: r, event: PlantEvent.decode(r.value) }]),
    );

    const reading = byType.get('historian_reading');
    expect(reading?.event.payload).toEqual({
      $case: 'historianReading',
      value: expect.objectContaining({ value: 68, unit: 'degC' }),
    });
    expect(reading?.event.envelope?.location?.cell).toBe('b-l3-c2');

    const downtime = byType.get('downtime_start');
    expect(downtime?.event.payload).toEqual({
      $case: 'downtimeStart',
      value: expect.objectContaining({
        reasonCode: '130',
        canonicalReason: DowntimeReason.CHANGEOVER,
        reasonMapped: true,
      }),
    });
    expect(downtime?.record.headers[IngestHeaders.SourceCodes]).toBe('downtime_reason:130');

    const alarm = byType.get('machine_alarm');
    expect(alarm?.event.payload).toEqual({
      $case: 'machineAlarm',
      value: expect.objectContaining({
        alarmCode: 'overtemperature',
        severity: AlarmSeverity.HIGH,
        state: AlarmState.RAISED,
      }),
    });
    expect(alarm?.record.headers[IngestHeaders.UnmappedCodes]).toBeUndefined();
  });

  it('publishes an unknown code flagged unmapped, counts it and lists it from the store', async () => {
    await publishRaw(
      Topics.RawMes,
      jsonBytes(
        rawJson({
          sourceEventId: 'a-dt-9',
          eventType: 'downtime_start',
          payload: { machineId: 'a-l1-m1', reasonCode: 'D99' },
        }),
      ),
    );
    await waitFor(() => plant.length === 1, { description: 'the flagged plant event' });
    const record = plant[0] as CollectedRecord;
    expect(PlantEvent.decode(record.value).payload).toEqual({
      $case: 'downtimeStart',
      value: expect.objectContaining({
        reasonCode: 'D99',
        canonicalReason: DowntimeReason.UNMAPPED,
        reasonMapped: false,
      }),
    });
    expect(record.headers[IngestHeaders.UnmappedCodes]).toBe('downtime_reason:D99');
    expect(
      await counterValue(h.metrics, 'andon_ingest_unmapped_codes_total', {
        site: 'plant-a',
        kind: 'downtime_reason',
      }),
    ).toBe(1);
    const listed = await h.unmapped.list({ site: 'plant-a' });
    expect(listed.map((u) => [u.kind, u.code, u.count])).toEqual([['downtime_reason', 'D99', 1]]);
    expect(dlq).toHaveLength(0);
  });

  it('publishes a duplicate source event once and reports it deduped', async () => {
    const raw = rawJson({ sourceEventId: 'dup-1' });
    const first = await h.pipeline.process({
      value: jsonBytes(raw),
      headers: jsonHeaders,
      key: null,
      origin: { kind: 'http', requestId: 'r', index: 0, receivedAt: new Date() },
    });
    const second = await h.pipeline.process({
      value: jsonBytes(raw),
      headers: jsonHeaders,
      key: null,
      origin: { kind: 'http', requestId: 'r', index: 1, receivedAt: new Date() },
    });
    expect(first.outcome).toBe('published');
    expect(second).toEqual({
      outcome: 'deduped',
      eventId: canonicalEventId(SourceSystem.MES, 'dup-1'),
      sourceEventId: 'dup-1',
    });
    await waitFor(() => plant.length === 1, { description: 'the single plant event' });
  });

  it('publishes one source event once when two partitions and HTTP carry it at the same time', async () => {
    // Same source event id on two lines: two partitions' batches and an HTTP request race.
    const kafka = (partition: number, line: string) => ({
      value: jsonBytes(
        rawJson({ sourceEventId: 'race-1', location: { enterprise: 'acme', site: 'plant-a', line } }),
      ),
      headers: jsonHeaders,
      key: `plant-a/${line}`,
      origin: {
        kind: 'kafka' as const,
        topic: Topics.RawMes,
        partition,
        offset: '0',
        groupId: 'ingest',
        timestamp: Date.now(),
      },
    });
    const noLetter = () => {
      throw new Error('no dead letter expected');
    };
    const results = await Promise.all([
      h.pipeline.processBatch([kafka(0, 'line-1')], noLetter),
      h.pipeline.processBatch([kafka(1, 'line-2')], noLetter),
      h.pipeline
        .process({
          ...kafka(2, 'line-1'),
          origin: { kind: 'http', requestId: 'r', index: 0, receivedAt: new Date() },
        })
        .then((r) => [r]),
    ]);
    const outcomes = results.flat().map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'published')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'deduped')).toHaveLength(2);
    await waitFor(() => plant.length === 1, { description: 'the single plant event' });
    // Nothing else arrives once the single event is through.
    await h.bus.publish([
      {
        topic: Topics.RawMes,
        key: 'plant-a/line-1',
        value: jsonBytes(rawJson({ sourceEventId: 'after-race' })),
        headers: jsonHeaders,
      },
    ]);
    await waitFor(() => plant.length === 2, { description: 'the follow-up event' });
    expect(plant.map((r) => r.headers[IngestHeaders.SourceEventId])).toEqual(['race-1', 'after-race']);
  });

  it('dead-letters bad input through the bus with the reason code, original bytes and headers, and keeps consuming', async () => {
    const truncated = Buffer.from('{"eventType": "production_count", "loc');
    const noSite = jsonBytes(rawJson({ location: { enterprise: 'acme', site: '', line: 'line-1' } }));
    await publishRaw(Topics.RawMes, truncated, { ...jsonHeaders, 'x-trace': 'keep-me' });
    await publishRaw(Topics.RawMes, noSite);
    await publishRaw(Topics.RawMes, jsonBytes(rawJson({ sourceEventId: 'ok-after-bad' })));
    await waitFor(() => dlq.length === 2 && plant.length === 1, {
      description: 'two dead letters and one plant event',
    });
    const [first, second] = dlq as [CollectedRecord, CollectedRecord];
    expect(first.value.equals(truncated)).toBe(true);
    expect(first.key).toBe('plant-a/line-1');
    expect(first.headers).toMatchObject({
      'x-trace': 'keep-me',
      [HeaderNames.ContentType]: 'application/json',
      [DLQ_HEADERS.reason]: 'decode_failed',
      [DLQ_HEADERS.sourceTopic]: Topics.RawMes,
      [DLQ_HEADERS.consumerGroup]: 'ingest',
      [DLQ_HEADERS.errorName]: 'IngestRejection',
    });
    expect(first.headers[DLQ_HEADERS.message]).toMatch(/^decode_failed: not valid JSON/);
    expect(first.headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
    expect(second.headers[DLQ_HEADERS.reason]).toBe('schema_invalid');
    expect(second.headers[DLQ_HEADERS.message]).toMatch(/^missing_site: /);
    expect(
      await counterValue(h.metrics, 'andon_ingest_dead_letters_total', { reason: 'decode_failed' }),
    ).toBe(1);
    expect(await counterValue(h.metrics, 'andon_ingest_dead_letters_total', { reason: 'missing_site' })).toBe(
      1,
    );
  });

  it('accepts a protobuf PlantEvent with site-local codes and no content-type header', async () => {
    const raw = PlantEvent.fromPartial({
      envelope: {
        eventId: 'a-qms-77',
        eventType: 'nonconformance',
        sourceSystem: SourceSystem.QMS,
        location: { site: 'plant-a', line: 'line-2' },
        occurredAt: new Date(Date.now() - 5_000),
      },
      payload: {
        $case: 'nonconformance',
        value: { ncrId: 'NCR-A-77', category: 'Q-DIM', quantityAffected: 2.2, unit: 'lb' },
      },
    });
    await publishRaw(Topics.RawQms, PlantEvent.encode(raw).finish(), {}, 'plant-a/line-2');
    await waitFor(() => plant.length === 1, { description: 'the plant event' });
    const event = PlantEvent.decode((plant[0] as CollectedRecord).value);
    expect(event.envelope?.eventId).toBe(canonicalEventId(SourceSystem.QMS, 'a-qms-77'));
    expect(event.envelope?.location).toEqual({
      enterprise: 'acme',
      site: 'plant-a',
      area: 'assembly',
      line: 'line-2',
      cell: '',
    });
    expect(event.payload).toEqual({
      $case: 'nonconformance',
      value: expect.objectContaining({ category: 'dimensional', quantityAffected: 0.997903214, unit: 'kg' }),
    });
  });

  it('keeps the per-key order of one line end to end', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `order-${i}`);
    for (const id of ids) await publishRaw(Topics.RawMes, jsonBytes(rawJson({ sourceEventId: id })));
    await waitFor(() => plant.length === ids.length, { description: 'all plant events' });
    expect(plant.map((r) => r.headers[IngestHeaders.SourceEventId])).toEqual(ids);
    expect(new Set(plant.map((r) => r.partition)).size).toBe(1);
  });
});
