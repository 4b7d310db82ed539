import { NonconformanceStatus, PLANT_EVENT_TYPES, eventTypeOf } from '@andon/contracts';
import { JSON_PAYLOAD_SCHEMAS } from './json-payloads';

describe('JSON payload schemas', () => {
  it('cover exactly the plant event types of the contract', () => {
    expect(Object.keys(JSON_PAYLOAD_SCHEMAS).sort()).toEqual([...PLANT_EVENT_TYPES].sort());
  });

  it('produce the payload case their event type names', () => {
    const samples: Record<string, unknown> = {
      production_count: { good: 1 },
      downtime_start: { reasonCode: 'D01' },
      downtime_end: { reasonCode: 'D01', startedAt: '2026-11-24T06:00:00Z' },
      machine_alarm: { machineId: 'm', alarmCode: 'A-100', state: 'RAISED' },
      historian_reading: { tag: 't', value: 1 },
      quality_check: { characteristic: 'c', measuredValue: 1 },
      nonconformance: { ncrId: 'n', categoryCode: 'Q-DIM' },
      operator_note: { text: 'hello', author: 'Sam' },
      labour_event: { employeeBadge: 'B1', kind: 'CLOCK_IN' },
      procedure_step_completed: {
        documentId: 'SOP-1',
        revision: 'C',
        stepNumber: 3,
        recordedValues: { torque: '12' },
      },
      material_status: { material: 'm', status: 'AVAILABLE' },
      maintenance_work_order: { workOrderId: 'CM-1', status: 'OPEN' },
      shift_end: {
        shiftCode: 'A',
        shiftStart: '2026-11-24T06:00:00+01:00',
        shiftEnd: '2026-11-24T14:00:00+01:00',
      },
      schedule_change: { workOrderId: 'WO-1', newDueAt: '2026-11-30T00:00:00Z' },
      work_order_status: { workOrderId: 'WO-1', state: 'STARTED' },
      batch_genealogy_link: { parentLotId: 'L1', childLotId: 'L2' },
    };
    for (const [type, schema] of Object.entries(JSON_PAYLOAD_SCHEMAS)) {
      const parsed = schema.parse(samples[type]);
      expect(eventTypeOf(parsed.$case)).toBe(type);
    }
  });

  describe('nonconformance status', () => {
    const statusOf = (payload: Record<string, unknown>): number | undefined => {
      const parsed = JSON_PAYLOAD_SCHEMAS['nonconformance'].parse({ ncrId: 'NCR-1', ...payload });
      return parsed.$case === 'nonconformance' ? parsed.value.status : undefined;
    };

    it('is UNSPECIFIED (raised/open) when the producer sends none', () => {
      expect(statusOf({})).toBe(NonconformanceStatus.UNSPECIFIED);
    });

    it('maps OPEN, CONTAINED and CLOSED by name, prefixed name or number', () => {
      expect(statusOf({ status: 'OPEN' })).toBe(NonconformanceStatus.OPEN);
      expect(statusOf({ status: 'contained' })).toBe(NonconformanceStatus.CONTAINED);
      expect(statusOf({ status: 'NONCONFORMANCE_STATUS_CLOSED' })).toBe(NonconformanceStatus.CLOSED);
      expect(statusOf({ status: 3 })).toBe(NonconformanceStatus.CLOSED);
    });

    it('rejects an unknown status as a schema violation', () => {
      const result = JSON_PAYLOAD_SCHEMAS['nonconformance'].safeParse({ ncrId: 'NCR-1', status: 'REOPENED' });
      expect(result.success).toBe(false);
    });
  });
});
