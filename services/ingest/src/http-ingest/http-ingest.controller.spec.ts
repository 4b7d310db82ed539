import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { InProcessEventBus, DLQ_HEADERS } from '@andon/bus';
import { ContentTypes, HeaderNames, PlantEvent, SourceSystem, Topics } from '@andon/contracts';
import { Metrics } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { canonicalEventId } from '../normalise/event-id';
import { IngestHeaders } from '../pipeline/ingest-headers';
import {
  collect,
  counterValue,
  jsonBytes,
  quietLogger,
  rawJson,
  type CollectedRecord,
} from '../test-support/ingest-fixtures';
import { startIngestHttpApp } from '../test-support/ingest-http-app';

describe('POST /ingest/v1/events', () => {
  let app: INestApplication;
  let url: string;
  let bus: InProcessEventBus;
  let store: SqliteDocumentStore;
  let plant: CollectedRecord[];
  let dlq: CollectedRecord[];
  const metrics = new Metrics({}, false);

  beforeAll(async () => {
    bus = new InProcessEventBus({ logger: quietLogger() });
    store = SqliteDocumentStore.open(':memory:');
    ({ app, url } = await startIngestHttpApp({ bus, store, settings: { INGEST_MAX_BYTES: 2_000 }, metrics }));
    plant = (await collect(bus, Topics.PlantEvents, 'http-test-plant')).records;
    dlq = (await collect(bus, Topics.DeadLetters, 'http-test-dlq')).records;
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
  });

  const post = (
    body: string | Uint8Array,
    contentType: string | undefined = ContentTypes.Json,
    token = 'ingest-secret',
  ) =>
    fetch(`${url}/events`, {
      method: 'POST',
      body: typeof body === 'string' ? body : Buffer.from(body),
      headers: {
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });

  it('refuses a caller without a valid bearer token, and dead-letters nothing for it', async () => {
    const before = dlq.length;
    expect((await post(JSON.stringify(rawJson()), ContentTypes.Json, '')).status).toBe(401);
    expect((await post(JSON.stringify(rawJson()), ContentTypes.Json, 'wrong')).status).toBe(401);
    expect((await post('{"broken', ContentTypes.Json, 'wrong')).status).toBe(401);
    expect(dlq.length).toBe(before);
  });

  it('answers 202 with the outcome per event; a repeat is deduped', async () => {
    const event = rawJson({ sourceEventId: 'http-1' });
    const first = await post(JSON.stringify(event));
    expect(first.status).toBe(202);
    const eventId = canonicalEventId(SourceSystem.MES, 'http-1');
    expect(await first.json()).toMatchObject({
      accepted: 1,
      deadLettered: 0,
      results: [{ index: 0, outcome: 'published', eventId, sourceEventId: 'http-1' }],
    });
    const again = await post(JSON.stringify({ events: [event] }));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ results: [{ outcome: 'deduped', eventId }] });
    await waitFor(() => plant.some((r) => r.headers[HeaderNames.EventId] === eventId), {
      description: 'the plant event',
    });
    expect(plant.filter((r) => r.headers[HeaderNames.EventId] === eventId)).toHaveLength(1);
  });

  it('answers 400 for a batch with a bad event, publishes the good one in order and dead-letters the bad one', async () => {
    const bad = rawJson({ sourceEventId: 'http-bad', location: { site: '', line: 'line-1' } });
    const response = await post(JSON.stringify([rawJson({ sourceEventId: 'http-2' }), bad]));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { results: Array<Record<string, unknown>> };
    expect(body.results).toEqual([
      expect.objectContaining({ index: 0, outcome: 'published' }),
      expect.objectContaining({
        index: 1,
        outcome: 'dead_lettered',
        reason: 'missing_site',
        dlqReason: 'schema_invalid',
        sourceEventId: 'http-bad',
      }),
    ]);
    await waitFor(() => dlq.find((r) => r.value.equals(jsonBytes(bad))), {
      description: 'the dead letter of the bad event',
    });
    const letter = dlq.find((r) => r.value.equals(jsonBytes(bad))) as CollectedRecord;
    expect(letter.headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'schema_invalid',
      [DLQ_HEADERS.consumerGroup]: 'ingest-http',
      [DLQ_HEADERS.sourceTopic]: Topics.RawMes,
      [DLQ_HEADERS.sourcePartition]: '-1',
      [IngestHeaders.Origin]: 'http',
      [HeaderNames.ContentType]: ContentTypes.Json,
    });
  });

  it('dead-letters the exact bytes of a body that is not JSON', async () => {
    const broken = '{"sourceSystem": "MES", "sourceEventId": "trunc';
    const response = await post(broken);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      results: [{ outcome: 'dead_lettered', reason: 'decode_failed', dlqReason: 'decode_failed' }],
    });
    await waitFor(() => dlq.find((r) => r.value.toString('utf8') === broken), {
      description: 'the malformed body in the DLQ',
    });
    expect(await counterValue(metrics, 'andon_ingest_dead_letters_total', { reason: 'decode_failed' })).toBe(
      1,
    );
  });

  it('accepts a protobuf PlantEvent body', async () => {
    const event = PlantEvent.fromPartial({
      envelope: {
        eventId: 'http-pb-1',
        sourceSystem: SourceSystem.HISTORIAN,
        location: { site: 'plant-b', line: 'line-4' },
        occurredAt: new Date(),
      },
      payload: {
        $case: 'historianReading',
        value: { tag: 'b-l4-m1.temperature', value: 150.8, unit: 'degF' },
      },
    });
    const response = await post(PlantEvent.encode(event).finish(), ContentTypes.Protobuf);
    expect(response.status).toBe(202);
    const eventId = canonicalEventId(SourceSystem.HISTORIAN, 'http-pb-1');
    const record = await waitFor(() => plant.find((r) => r.headers[HeaderNames.EventId] === eventId), {
      description: 'the plant event',
    });
    expect(PlantEvent.decode(record.value).payload).toEqual({
      $case: 'historianReading',
      value: expect.objectContaining({ value: 66, unit: 'degC' }),
    });
  });

  it('answers 415 for an unsupported content type and 413 for an event over INGEST_MAX_BYTES, dead-lettering both', async () => {
    const text = await post('production_count plant-a line-1 57', 'text/plain');
    expect(text.status).toBe(415);
    const big = rawJson({ sourceEventId: 'http-big', payload: { good: 1, product: 'x'.repeat(3_000) } });
    const oversized = await post(JSON.stringify(big));
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({
      results: [{ reason: 'oversized', dlqReason: 'schema_invalid' }],
    });
    await waitFor(() => dlq.find((r) => r.value.toString('utf8') === 'production_count plant-a line-1 57'), {
      description: 'the text body in the DLQ',
    });
    await waitFor(() => dlq.find((r) => r.value.equals(jsonBytes(big))), {
      description: 'the oversized event in the DLQ',
    });
  });

  it('lists unmapped codes for operators only', async () => {
    expect(
      (
        await post(
          JSON.stringify(
            rawJson({
              sourceEventId: 'http-unmapped',
              eventType: 'nonconformance',
              payload: { ncrId: 'N-1', categoryCode: 'Q-NEW' },
            }),
          ),
        )
      ).status,
    ).toBe(202);
    expect(
      (await fetch(`${url}/unmapped`, { headers: { authorization: 'Bearer ingest-secret' } })).status,
    ).toBe(401);
    const listed = await fetch(`${url}/unmapped?site=plant-a&kind=ncr_category`, {
      headers: { authorization: 'Bearer admin-secret' },
    });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([
      expect.objectContaining({ site: 'plant-a', kind: 'ncr_category', code: 'Q-NEW', count: 1 }),
    ]);
    expect(
      (await fetch(`${url}/unmapped?kind=colour`, { headers: { authorization: 'Bearer admin-secret' } }))
        .status,
    ).toBe(400);
  });
});
