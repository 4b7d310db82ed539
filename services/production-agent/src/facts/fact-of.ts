import {
  AlarmState,
  CheckResult,
  DowntimeReason,
  LabourEventKind,
  MaintenanceWorkOrderState,
  MaterialState,
  NonconformanceStatus,
  WorkOrderState,
  isRaisedNonconformance,
} from '@andon/contracts';
import type { DecodedPlantEvent } from '@andon/agent-kit';
import { downtimeReasonName } from '@andon/plant-model';
import type { LineFact } from './line-fact';

const enumName = (names: Record<number, string>, value: number, prefixLength = 0): string =>
  (names[value] ?? 'UNSPECIFIED').slice(prefixLength).toLowerCase();

/** The fact the production agent keeps of an event, or undefined for events it does not use. */
export function factOf(e: DecodedPlantEvent): Omit<LineFact, 'version'> | undefined {
  const base = { _id: e.eventId, site: e.site, line: e.line, at: e.occurredAt.getTime(), eventId: e.eventId };
  const p = e.payload;
  switch (p.$case) {
    case 'productionCount':
      return {
        ...base,
        kind: 'count',
        good: p.value.good,
        scrap: p.value.scrap,
        lotId: p.value.lotId,
        product: p.value.product,
        machineId: p.value.machineId,
        workOrderId: p.value.workOrderId,
      };
    case 'downtimeStart':
      return {
        ...base,
        kind: 'downtime_start',
        downtimeId: p.value.downtimeId,
        machineId: p.value.machineId,
        reason: downtimeReasonName(p.value.canonicalReason, p.value.reasonCode),
        text: p.value.reasonText,
      };
    case 'downtimeEnd':
      return {
        ...base,
        kind: 'downtime_end',
        downtimeId: p.value.downtimeId,
        machineId: p.value.machineId,
        reason:
          p.value.canonicalReason === DowntimeReason.UNSPECIFIED && !p.value.reasonCode
            ? ''
            : downtimeReasonName(p.value.canonicalReason, p.value.reasonCode),
        text: p.value.reasonText,
        startedAt: p.value.startedAt?.getTime(),
      };
    case 'qualityCheck':
      if (p.value.result !== CheckResult.FAIL) return undefined;
      return {
        ...base,
        kind: 'quality_fail',
        ref: p.value.checkId || e.eventId,
        lotId: p.value.lotId,
        product: p.value.product,
        machineId: p.value.machineId,
        text: `${p.value.characteristic} measured ${p.value.measuredValue} ${p.value.unit}`.trim(),
      };
    case 'nonconformance':
      // Only a raised NCR is a quality issue to count or cite. A CLOSED update is kept apart so
      // open holds can be counted; a CONTAINED one is progress on an NCR that still holds product.
      if (p.value.status === NonconformanceStatus.CLOSED)
        return { ...base, kind: 'ncr_closed', ref: p.value.ncrId };
      if (!isRaisedNonconformance(p.value.status)) return undefined;
      return {
        ...base,
        kind: 'ncr',
        ref: p.value.ncrId,
        lotId: p.value.lotIds[0],
        product: p.value.product,
        supplier: p.value.supplier,
        quantity: p.value.quantityAffected,
        text: `${p.value.category}: ${p.value.description}`,
      };
    case 'operatorNote':
      return {
        ...base,
        kind: 'note',
        ref: p.value.noteId || e.eventId,
        machineId: p.value.machineId,
        text: p.value.text,
      };
    case 'machineAlarm':
      return {
        ...base,
        kind: 'alarm',
        ref: p.value.alarmCode,
        machineId: p.value.machineId,
        state: enumName(AlarmState, p.value.state),
        text: p.value.message,
      };
    case 'maintenanceWorkOrder':
      return {
        ...base,
        kind: 'maintenance',
        ref: p.value.maintenanceWorkOrderId,
        machineId: p.value.machineId,
        state: enumName(MaintenanceWorkOrderState, p.value.state),
        text: [p.value.description, p.value.failureCode && `failure ${p.value.failureCode}`]
          .filter(Boolean)
          .join('; '),
        parts: p.value.parts.map((part) => part.partNumber).join(','),
      };
    case 'materialStatus':
      return {
        ...base,
        kind: 'material',
        ref: p.value.materialId,
        lotId: p.value.lotId,
        supplier: p.value.supplier,
        state: enumName(MaterialState, p.value.state),
        quantity: p.value.quantity,
        workOrderId: p.value.workOrderId,
      };
    case 'labourEvent':
      return {
        ...base,
        kind: 'labour',
        ref: p.value.employeeBadge,
        crew: p.value.crew,
        state: p.value.kind === LabourEventKind.CLOCK_OUT ? 'out' : 'in',
        text: p.value.role,
      };
    case 'workOrderStatus':
      return {
        ...base,
        kind: 'work_order',
        ref: p.value.workOrderId,
        product: p.value.product,
        state: enumName(WorkOrderState, p.value.state),
        planned: p.value.plannedQuantity,
        completed: p.value.completedQuantity,
        dueAt: p.value.dueAt?.getTime(),
      };
    default:
      return undefined;
  }
}
