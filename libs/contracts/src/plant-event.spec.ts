import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataClassification,
  DowntimeReason,
  PLANT_EVENT_TYPES,
  PlantEvent,
  SourceSystem,
  eventTypeOf,
  payloadCaseOf,
  type PlantEventCase,
} from './index';

function productionCountEvent(): PlantEvent {
  return PlantEvent.fromPartial({
    envelope: {
      eventId: 'evt-0001',
      eventType: 'production_count',
      sourceSystem: SourceSystem.MES,
      location: { enterprise: 'acme', site: 'plant-a', area: 'assembly', line: 'line-2', cell: 'cell-7' },
      occurredAt: new Date('2025-03-04T05:06:07.123Z'),
      correlationId: 'corr-1',
      causationId: 'evt-0000',
      schemaVersion: 1,
      dataClassification: DataClassification.INTERNAL,
      sourceRecordId: 'MES-TX-991',
    },
    payload: {
      $case: 'productionCount',
      value: {
        workOrderId: 'WO-17',
        machineId: 'press-3',
        product: 'P-100',
        lotId: 'LOT-5',
        good: 950,
        scrap: 12.5,
        unit: 'pcs',
        periodStart: new Date('2025-03-04T05:00:00Z'),
        periodEnd: new Date('2025-03-04T06:00:00Z'),
      },
    },
  });
}

describe('PlantEvent', () => {
  it('round-trips through protobuf binary with its oneof payload', () => {
    const event = productionCountEvent();
    const bytes = PlantEvent.encode(event).finish();
    const decoded = PlantEvent.decode(bytes);

    expect(decoded).toEqual(event);
    expect(decoded.payload?.$case).toBe('productionCount');
    if (decoded.payload?.$case !== 'productionCount') throw new Error('wrong case');
    expect(decoded.payload.value.scrap).toBe(12.5);
    expect(decoded.envelope?.occurredAt?.toISOString()).toBe('2025-03-04T05:06:07.123Z');
    // Producers on raw topics leave ingested_at unset; it must stay distinguishable from epoch.
    expect(decoded.envelope?.ingestedAt).toBeUndefined();
  });

  it('round-trips through proto JSON and accepts snake_case JSON from integration teams', () => {
    const event = productionCountEvent();
    expect(PlantEvent.fromJSON(PlantEvent.toJSON(event))).toEqual(event);

    const fromSnake = PlantEvent.fromJSON({
      envelope: {
        event_id: 'evt-9',
        source_system: 'SOURCE_SYSTEM_QMS',
        occurred_at: '2025-01-01T00:00:00Z',
      },
      downtime_start: {
        downtime_id: 'd-1',
        reason_code: 'M17',
        canonical_reason: 'DOWNTIME_REASON_MECHANICAL_FAILURE',
      },
    });
    expect(fromSnake.envelope?.eventId).toBe('evt-9');
    expect(fromSnake.envelope?.sourceSystem).toBe(SourceSystem.QMS);
    expect(fromSnake.payload).toEqual({
      $case: 'downtimeStart',
      value: expect.objectContaining({
        downtimeId: 'd-1',
        reasonCode: 'M17',
        canonicalReason: DowntimeReason.MECHANICAL_FAILURE,
      }),
    });
  });

  it('keeps an empty payload message distinct from no payload', () => {
    const withEmpty = PlantEvent.fromPartial({ payload: { $case: 'shiftEnd', value: {} } });
    expect(PlantEvent.decode(PlantEvent.encode(withEmpty).finish()).payload?.$case).toBe('shiftEnd');
    expect(PlantEvent.decode(PlantEvent.encode(PlantEvent.fromPartial({})).finish()).payload).toBeUndefined();
  });
});

describe('plant event types', () => {
  const protoText = readFileSync(join(__dirname, '../../../proto/andon/v1/plant_events.proto'), 'utf8');
  const oneofBody = /oneof payload \{([^}]*)\}/.exec(protoText)?.[1] ?? '';
  const protoFieldNames = [...oneofBody.matchAll(/^\s*\w+ (\w+) = \d+;/gm)].map((m) => m[1]);

  it('event_type values are exactly the oneof field names in plant_events.proto', () => {
    expect(protoFieldNames.length).toBeGreaterThan(10);
    expect([...PLANT_EVENT_TYPES].sort()).toEqual([...protoFieldNames].sort());
  });

  it('maps payload cases to event types and back', () => {
    expect(eventTypeOf('procedureStepCompleted')).toBe('procedure_step_completed');
    expect(payloadCaseOf('batch_genealogy_link')).toBe('batchGenealogyLink');
    expect(payloadCaseOf('not_an_event')).toBeUndefined();
    for (const type of PLANT_EVENT_TYPES) {
      const payloadCase = payloadCaseOf(type) as PlantEventCase;
      expect(eventTypeOf(payloadCase)).toBe(type);
    }
  });

  it('every payload case survives a binary round trip', () => {
    for (const type of PLANT_EVENT_TYPES) {
      const payloadCase = payloadCaseOf(type) as PlantEventCase;
      // fromPartial fills the case's message with defaults; the cast is needed because
      // TypeScript cannot correlate a runtime case with its value type.
      const event = PlantEvent.fromPartial({
        payload: { $case: payloadCase, value: {} } as PlantEvent['payload'],
      });
      expect(PlantEvent.decode(PlantEvent.encode(event).finish()).payload?.$case).toBe(payloadCase);
    }
  });
});
