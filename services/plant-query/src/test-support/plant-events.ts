import type { DecodedPlantEvent } from '@andon/agent-kit';
import { decodePlantEvent } from '@andon/agent-kit';
import {
  AlarmSeverity,
  AlarmState,
  CheckResult,
  DowntimeReason,
  Envelope,
  MaterialState,
  NonconformanceSeverity,
  NonconformanceStatus,
  PlantEvent,
  SourceSystem,
  eventTypeOf,
  type PlantEventPayload,
} from '@andon/contracts';

const AREAS: Record<string, string> = {
  'line-1': 'molding',
  'line-2': 'assembly',
  'line-3': 'mixing',
  'line-4': 'filling',
  'line-9': 'packing',
};
const SITES: Record<string, string> = {
  'line-1': 'plant-a',
  'line-2': 'plant-a',
  'line-3': 'plant-b',
  'line-4': 'plant-b',
  'line-9': 'plant-c',
};

/** A normalised plant event as ingest publishes it on andon.plant-events.v1; the site follows from the line. */
export function plantEvent(
  eventId: string,
  line: string,
  occurredAt: string,
  payload: PlantEventPayload,
): PlantEvent {
  const at = new Date(occurredAt);
  return PlantEvent.fromPartial({
    envelope: Envelope.fromPartial({
      eventId,
      eventType: eventTypeOf(payload.$case),
      sourceSystem: SourceSystem.MES,
      location: {
        enterprise: 'acme',
        site: SITES[line] ?? 'plant-a',
        area: AREAS[line] ?? '',
        line,
        cell: '',
      },
      occurredAt: at,
      ingestedAt: at,
      correlationId: `corr-${eventId}`,
      schemaVersion: 1,
      sourceRecordId: eventId,
    }),
    payload,
  });
}

export const decoded = (e: PlantEvent): DecodedPlantEvent => decodePlantEvent(PlantEvent.encode(e).finish());

export const count = (
  id: string,
  line: string,
  at: string,
  good: number,
  scrap: number,
  product = 'PX-100',
): PlantEvent =>
  plantEvent(id, line, at, {
    $case: 'productionCount',
    value: {
      workOrderId: 'WO-1',
      machineId: `${line}-m1`,
      product,
      lotId: '',
      good,
      scrap,
      unit: 'ea',
      periodStart: undefined,
      periodEnd: undefined,
      idealCycleTimeSeconds: 0,
    },
  });

/** A stop as a start/end pair sharing a downtime id. */
export const stop = (
  id: string,
  line: string,
  from: string,
  to: string,
  reason: DowntimeReason,
): PlantEvent[] => [
  plantEvent(`${id}-s`, line, from, {
    $case: 'downtimeStart',
    value: {
      downtimeId: id,
      machineId: `${line}-m1`,
      reasonCode: 'X',
      canonicalReason: reason,
      reasonMapped: true,
      reasonText: '',
    },
  }),
  plantEvent(`${id}-e`, line, to, {
    $case: 'downtimeEnd',
    value: {
      downtimeId: id,
      machineId: `${line}-m1`,
      reasonCode: 'X',
      canonicalReason: reason,
      reasonMapped: true,
      reasonText: '',
      startedAt: undefined,
    },
  }),
];

export const alarm = (
  id: string,
  line: string,
  at: string,
  state = AlarmState.RAISED,
  severity = AlarmSeverity.HIGH,
): PlantEvent =>
  plantEvent(id, line, at, {
    $case: 'machineAlarm',
    value: {
      machineId: `${line}-m1`,
      alarmCode: 'E-417',
      severity,
      state,
      message: 'overtemp',
      alarmInstanceId: id,
    },
  });

export const check = (id: string, line: string, at: string, passed: boolean): PlantEvent =>
  plantEvent(id, line, at, {
    $case: 'qualityCheck',
    value: {
      checkId: id,
      characteristic: 'width',
      measuredValue: 1,
      lowerSpecLimit: undefined,
      upperSpecLimit: undefined,
      unit: 'mm',
      result: passed ? CheckResult.PASS : CheckResult.FAIL,
      lotId: '',
      product: 'PX-100',
      workOrderId: '',
      inspectorBadge: '',
      machineId: '',
    },
  });

export const ncr = (
  id: string,
  ncrId: string,
  line: string,
  at: string,
  status = NonconformanceStatus.UNSPECIFIED,
): PlantEvent =>
  plantEvent(id, line, at, {
    $case: 'nonconformance',
    value: {
      ncrId,
      category: 'dimensional',
      severity: NonconformanceSeverity.MAJOR,
      description: 'width',
      lotIds: [],
      product: 'PX-100',
      supplier: '',
      quantityAffected: 10,
      unit: 'ea',
      raisedBy: 'qe',
      status,
    },
  });

export const materialLot = (
  id: string,
  line: string,
  at: string,
  lotId: string,
  supplier: string,
  materialId = 'RESIN-PX',
): PlantEvent =>
  plantEvent(id, line, at, {
    $case: 'materialStatus',
    value: {
      materialId,
      lotId,
      supplier,
      quantity: 500,
      unit: 'kg',
      state: MaterialState.AVAILABLE,
      workOrderId: '',
    },
  });

export const genealogy = (
  id: string,
  line: string,
  at: string,
  parentLotId: string,
  childLotId: string,
): PlantEvent =>
  plantEvent(id, line, at, {
    $case: 'batchGenealogyLink',
    value: { parentLotId, childLotId, materialId: 'RESIN-PX', quantity: 100, unit: 'kg', workOrderId: '' },
  });
