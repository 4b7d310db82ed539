import {
  AlarmSeverity,
  DataClassification,
  MaintenanceWorkOrderState,
  MaterialState,
  SourceSystem,
} from '@andon/contracts';
import { jsonBytes, rawJson } from '../test-support/ingest-fixtures';
import { decodeJsonEvent } from './decode-json';
import { IngestRejection, type RejectionReason } from './rejection';

function rejectionOf(
  body: unknown,
  defaultSource?: SourceSystem,
): { reason: RejectionReason; message: string } | undefined {
  try {
    decodeJsonEvent(typeof body === 'string' ? Buffer.from(body) : jsonBytes(body), defaultSource);
    return undefined;
  } catch (err) {
    if (err instanceof IngestRejection) return { reason: err.rejection, message: err.message };
    throw err;
  }
}

describe('decodeJsonEvent', () => {
  it('reads the simulator format into a raw event (UTC instant, site-local codes untouched)', () => {
    const raw = decodeJsonEvent(
      jsonBytes(
        rawJson({
          sourceEventId: 'plant-b-mes-5',
          eventType: 'machine_alarm',
          occurredAt: '2026-11-24T01:15:00-05:00',
          location: { enterprise: 'acme', site: 'plant-b', area: 'mixing', line: 'line-3' },
          payload: { machineId: 'b-l3-m1', alarmCode: 'TEMP_HI', severity: 'HIGH', state: 'RAISED' },
        }),
      ),
      undefined,
    );
    expect(raw).toEqual({
      format: 'json',
      sourceSystem: SourceSystem.MES,
      sourceEventId: 'plant-b-mes-5',
      sourceRecordId: '',
      eventType: 'machine_alarm',
      location: { enterprise: 'acme', site: 'plant-b', area: 'mixing', line: 'line-3', cell: '' },
      occurredAt: new Date('2026-11-24T06:15:00.000Z'),
      correlationId: '',
      causationId: '',
      dataClassification: DataClassification.UNSPECIFIED,
      payload: {
        $case: 'machineAlarm',
        value: {
          machineId: 'b-l3-m1',
          alarmCode: 'TEMP_HI',
          severity: AlarmSeverity.HIGH,
          state: 1,
          message: '',
          alarmInstanceId: '',
        },
      },
    });
  });

  it('accepts the proto field names as aliases of the simulator names', () => {
    const sim = decodeJsonEvent(
      jsonBytes(
        rawJson({
          sourceSystem: 'ERP',
          eventType: 'material_status',
          payload: { material: 'RESIN-7', status: 'SHORT', quantity: 12, unit: 'kg' },
        }),
      ),
      undefined,
    );
    const proto = decodeJsonEvent(
      jsonBytes(
        rawJson({
          sourceSystem: 'SOURCE_SYSTEM_ERP',
          eventType: 'material_status',
          payload: { materialId: 'RESIN-7', state: 'MATERIAL_STATE_SHORT', quantity: 12, unit: 'kg' },
        }),
      ),
      undefined,
    );
    expect(sim.payload).toEqual(proto.payload);
    expect(sim.payload).toEqual({
      $case: 'materialStatus',
      value: expect.objectContaining({ materialId: 'RESIN-7', state: MaterialState.SHORT }),
    });
  });

  it('reads spare parts given as bare part numbers (simulator) or objects', () => {
    const raw = decodeJsonEvent(
      jsonBytes(
        rawJson({
          sourceSystem: 'CMMS',
          eventType: 'maintenance_work_order',
          payload: {
            workOrderId: 'CM-1',
            machineId: 'a-l1-m1',
            status: 'COMPLETED',
            type: 'CORRECTIVE',
            parts: ['bearing-6204', { partNumber: 'belt-9', quantity: 2, onHand: 0 }],
          },
        }),
      ),
      undefined,
    );
    expect(raw.payload).toEqual({
      $case: 'maintenanceWorkOrder',
      value: expect.objectContaining({
        maintenanceWorkOrderId: 'CM-1',
        state: MaintenanceWorkOrderState.COMPLETED,
        parts: [
          expect.objectContaining({ partNumber: 'bearing-6204', quantity: 1 }),
          expect.objectContaining({ partNumber: 'belt-9', quantity: 2, onHand: 0 }),
        ],
      }),
    });
  });

  it('takes the source system from the raw topic when the body omits it', () => {
    const { sourceSystem: _omitted, ...body } = rawJson();
    expect(decodeJsonEvent(jsonBytes(body), SourceSystem.HISTORIAN).sourceSystem).toBe(
      SourceSystem.HISTORIAN,
    );
    expect(rejectionOf(body)).toEqual({
      reason: 'schema_invalid',
      message: 'schema_invalid: sourceSystem is missing',
    });
  });

  it.each<[string, unknown, RejectionReason, RegExp]>([
    ['truncated JSON', '{"eventType": "production_count", "loc', 'decode_failed', /not valid JSON/],
    ['not UTF-8 JSON at all', '\u0000\u0001garbage', 'decode_failed', /not valid JSON/],
    ['a JSON array', [1, 2], 'schema_invalid', /expected object/],
    ['no sourceEventId', { ...rawJson(), sourceEventId: '' }, 'schema_invalid', /sourceEventId/],
    ['an empty site', rawJson({ location: { site: '', line: 'line-1' } }), 'missing_site', /location.site/],
    ['no location', { ...rawJson(), location: undefined }, 'missing_site', /location.site/],
    [
      'an unknown event type',
      rawJson({ eventType: 'teleport_event' }),
      'unknown_event_type',
      /teleport_event/,
    ],
    [
      'a wrong payload type',
      rawJson({ payload: { good: 'many' } }),
      'schema_invalid',
      /payload of production_count: good/,
    ],
    ['a negative count', rawJson({ payload: { good: -1 } }), 'schema_invalid', /good/],
    [
      'an unknown enum value',
      rawJson({
        eventType: 'machine_alarm',
        payload: { machineId: 'm', alarmCode: 'A-100', state: 'EXPLODED' },
      }),
      'schema_invalid',
      /state: "EXPLODED" is not one of RAISED, CLEARED/,
    ],
    [
      'a naive local timestamp',
      rawJson({ occurredAt: '2026-11-24T07:15:00' }),
      'schema_invalid',
      /occurredAt/,
    ],
    ['a DMS source', rawJson({ sourceSystem: 'DMS' }), 'schema_invalid', /not a raw source/],
    ['schema version 2', { ...rawJson(), schemaVersion: 2 }, 'unsupported_schema_version', /schemaVersion 2/],
  ])('refuses %s', (_name, body, reason, message) => {
    const rejection = rejectionOf(body);
    expect(rejection?.reason).toBe(reason);
    expect(rejection?.message).toMatch(message);
  });
});
