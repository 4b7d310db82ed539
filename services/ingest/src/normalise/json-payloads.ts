import { z } from 'zod';
import {
  AlarmSeverity,
  AlarmState,
  BatchGenealogyLink,
  CheckResult,
  DowntimeEnd,
  DowntimeStart,
  HistorianReading,
  LabourEvent,
  LabourEventKind,
  MachineAlarm,
  MaintenanceType,
  MaintenanceWorkOrder,
  MaintenanceWorkOrderState,
  MaterialState,
  MaterialStatus,
  Nonconformance,
  NonconformanceSeverity,
  NonconformanceStatus,
  OperatorNote,
  ProcedureStepCompleted,
  ProductionCount,
  QualityCheck,
  ReadingQuality,
  ScheduleChange,
  ShiftEnd,
  WorkOrderState,
  WorkOrderStatus,
  type PlantEventPayload,
} from '@andon/contracts';
import { either, id, nonNegative, optId, optText, protoEnum, quantity, text, timestamp } from './json-fields';

/**
 * Payload schemas of the raw JSON format, one per event type. Field names are the
 * simulator's (what integration teams were given) with the proto's camelCase names
 * accepted as aliases. Unknown fields are ignored; wrong types are schema violations.
 */

function missing(ctx: z.RefinementCtx, names: string): never {
  ctx.addIssue({ code: 'custom', message: `one of ${names} is required` });
  return z.NEVER;
}

const severityAlarm = protoEnum(AlarmSeverity, 'ALARM_SEVERITY_');
const alarmState = protoEnum(AlarmState, 'ALARM_STATE_');
const readingQuality = protoEnum(ReadingQuality, 'READING_QUALITY_');
const checkResult = protoEnum(CheckResult, 'CHECK_RESULT_');
const ncrSeverity = protoEnum(NonconformanceSeverity, 'NONCONFORMANCE_SEVERITY_');
const ncrStatus = protoEnum(NonconformanceStatus, 'NONCONFORMANCE_STATUS_');
const labourKind = protoEnum(LabourEventKind, 'LABOUR_EVENT_KIND_');
const materialState = protoEnum(MaterialState, 'MATERIAL_STATE_');
const maintenanceState = protoEnum(MaintenanceWorkOrderState, 'MAINTENANCE_WORK_ORDER_STATE_');
const maintenanceType = protoEnum(MaintenanceType, 'MAINTENANCE_TYPE_');
const workOrderState = protoEnum(WorkOrderState, 'WORK_ORDER_STATE_');

const productionCount = z
  .object({
    workOrderId: optId,
    machineId: optId,
    product: optText,
    lotId: optId,
    good: nonNegative,
    scrap: nonNegative.optional(),
    unit: optText,
    periodStart: timestamp.optional(),
    periodEnd: timestamp.optional(),
    idealCycleTimeSeconds: nonNegative.optional(),
  })
  .transform((p): PlantEventPayload => ({
    $case: 'productionCount',
    value: ProductionCount.fromPartial({ ...p, scrap: p.scrap ?? 0, unit: p.unit ?? 'ea' }),
  }));

const downtimeFields = {
  downtimeId: optId,
  machineId: optId,
  reasonCode: z.string().max(256).optional(),
  reasonText: optText,
};

const downtimeStart = z.object(downtimeFields).transform((p): PlantEventPayload => ({
  $case: 'downtimeStart',
  value: DowntimeStart.fromPartial({ ...p, reasonCode: p.reasonCode ?? '' }),
}));

const downtimeEnd = z
  .object({ ...downtimeFields, startedAt: timestamp.optional() })
  .transform((p): PlantEventPayload => ({
    $case: 'downtimeEnd',
    value: DowntimeEnd.fromPartial({ ...p, reasonCode: p.reasonCode ?? '' }),
  }));

const machineAlarm = z
  .object({
    machineId: id,
    alarmCode: id,
    severity: severityAlarm.optional(),
    state: alarmState,
    message: optText,
    alarmInstanceId: optId,
  })
  .transform((p): PlantEventPayload => ({ $case: 'machineAlarm', value: MachineAlarm.fromPartial(p) }));

const historianReading = z
  .object({ tag: id, value: quantity, unit: optText, quality: readingQuality.optional(), machineId: optId })
  .transform((p): PlantEventPayload => ({
    $case: 'historianReading',
    value: HistorianReading.fromPartial(p),
  }));

const qualityCheck = z
  .object({
    checkId: optId,
    characteristic: id,
    measuredValue: quantity,
    lowerSpecLimit: quantity.optional(),
    upperSpecLimit: quantity.optional(),
    unit: optText,
    result: checkResult.optional(),
    lotId: optId,
    product: optText,
    workOrderId: optId,
    inspectorBadge: optId,
    machineId: optId,
  })
  .transform((p): PlantEventPayload => ({ $case: 'qualityCheck', value: QualityCheck.fromPartial(p) }));

const nonconformance = z
  .object({
    ncrId: id,
    categoryCode: z.string().max(256).optional(),
    category: z.string().max(256).optional(),
    severity: ncrSeverity.optional(),
    description: optText,
    lotIds: z.array(id).optional(),
    product: optText,
    supplier: optText,
    quantityAffected: nonNegative.optional(),
    unit: optText,
    raisedBy: optId,
    status: ncrStatus.optional(),
  })
  .transform(({ categoryCode, category, ...p }): PlantEventPayload => ({
    $case: 'nonconformance',
    value: Nonconformance.fromPartial({ ...p, category: either(categoryCode, category) ?? '' }),
  }));

const operatorNote = z
  .object({
    noteId: optId,
    author: optId,
    authorBadge: optId,
    text,
    shiftId: optId,
    machineId: optId,
    workOrderId: optId,
  })
  .transform(({ author, authorBadge, ...p }): PlantEventPayload => ({
    $case: 'operatorNote',
    value: OperatorNote.fromPartial({ ...p, authorBadge: either(authorBadge, author) ?? '' }),
  }));

const labourEvent = z
  .object({ crew: optText, employeeBadge: id, kind: labourKind, role: optText, shiftId: optId })
  .transform((p): PlantEventPayload => ({ $case: 'labourEvent', value: LabourEvent.fromPartial(p) }));

const procedureStepCompleted = z
  .object({
    documentId: id,
    revision: id,
    stepNumber: z.number().int().nonnegative(),
    operatorBadge: optId,
    workOrderId: optId,
    machineId: optId,
    recordedValues: z.record(z.string(), z.string().max(4096)).optional(),
  })
  .transform((p): PlantEventPayload => ({
    $case: 'procedureStepCompleted',
    value: ProcedureStepCompleted.fromPartial(p),
  }));

const materialStatus = z
  .object({
    material: optId,
    materialId: optId,
    lotId: optId,
    supplier: optText,
    quantity: nonNegative.optional(),
    unit: optText,
    status: materialState.optional(),
    state: materialState.optional(),
    workOrderId: optId,
  })
  .transform(({ material, materialId, status, state, ...p }, ctx): PlantEventPayload => {
    const resolvedId = either(materialId, material);
    const resolvedState = either(state, status);
    if (resolvedId === undefined) return missing(ctx, 'materialId, material');
    if (resolvedState === undefined) return missing(ctx, 'state, status');
    return {
      $case: 'materialStatus',
      value: MaterialStatus.fromPartial({ ...p, materialId: resolvedId, state: resolvedState }),
    };
  });

const sparePart = z.union([
  id.transform((partNumber) => ({ partNumber, quantity: 1 })),
  z.object({
    partNumber: id,
    description: optText,
    quantity: nonNegative.optional(),
    onHand: nonNegative.optional(),
  }),
]);

const maintenanceWorkOrder = z
  .object({
    maintenanceWorkOrderId: optId,
    workOrderId: optId,
    machineId: optId,
    status: maintenanceState.optional(),
    state: maintenanceState.optional(),
    type: maintenanceType.optional(),
    parts: z.array(sparePart).optional(),
    description: optText,
    failureCode: optId,
    alarmCodes: z.array(id).optional(),
  })
  .transform(({ maintenanceWorkOrderId, workOrderId, status, state, ...p }, ctx): PlantEventPayload => {
    const resolvedId = either(maintenanceWorkOrderId, workOrderId);
    const resolvedState = either(state, status);
    if (resolvedId === undefined) return missing(ctx, 'maintenanceWorkOrderId, workOrderId');
    if (resolvedState === undefined) return missing(ctx, 'state, status');
    return {
      $case: 'maintenanceWorkOrder',
      value: MaintenanceWorkOrder.fromPartial({
        ...p,
        maintenanceWorkOrderId: resolvedId,
        state: resolvedState,
      }),
    };
  });

const shiftEnd = z
  .object({
    shiftId: optId,
    shiftCode: id,
    shiftStart: timestamp.optional(),
    startedAt: timestamp.optional(),
    shiftEnd: timestamp.optional(),
    endedAt: timestamp.optional(),
    supervisorBadge: optId,
  })
  .transform(({ shiftStart, startedAt, shiftEnd: end, endedAt, ...p }, ctx): PlantEventPayload => {
    const start = either(startedAt, shiftStart);
    const finish = either(endedAt, end);
    if (start === undefined) return missing(ctx, 'startedAt, shiftStart');
    if (finish === undefined) return missing(ctx, 'endedAt, shiftEnd');
    return { $case: 'shiftEnd', value: ShiftEnd.fromPartial({ ...p, startedAt: start, endedAt: finish }) };
  });

const scheduleChange = z
  .object({
    workOrderId: id,
    oldDueAt: timestamp.optional(),
    newDueAt: timestamp,
    reason: optText,
    changedBy: optId,
    product: optText,
    customerOrderId: optId,
  })
  .transform((p): PlantEventPayload => ({ $case: 'scheduleChange', value: ScheduleChange.fromPartial(p) }));

const workOrderStatus = z
  .object({
    workOrderId: id,
    product: optText,
    state: workOrderState,
    previousState: workOrderState.optional(),
    plannedQuantity: nonNegative.optional(),
    completedQuantity: nonNegative.optional(),
    unit: optText,
    dueAt: timestamp.optional(),
    operation: optText,
  })
  .transform((p): PlantEventPayload => ({ $case: 'workOrderStatus', value: WorkOrderStatus.fromPartial(p) }));

const batchGenealogyLink = z
  .object({
    parentLotId: id,
    childLotId: id,
    materialId: optId,
    quantity: nonNegative.optional(),
    unit: optText,
    workOrderId: optId,
  })
  .transform((p): PlantEventPayload => ({
    $case: 'batchGenealogyLink',
    value: BatchGenealogyLink.fromPartial(p),
  }));

/** Schema per Envelope.event_type value; a type not listed here is an unknown event type. */
export const JSON_PAYLOAD_SCHEMAS: Readonly<Record<string, z.ZodType<PlantEventPayload, unknown>>> = {
  production_count: productionCount,
  downtime_start: downtimeStart,
  downtime_end: downtimeEnd,
  machine_alarm: machineAlarm,
  historian_reading: historianReading,
  quality_check: qualityCheck,
  nonconformance,
  operator_note: operatorNote,
  labour_event: labourEvent,
  procedure_step_completed: procedureStepCompleted,
  material_status: materialStatus,
  maintenance_work_order: maintenanceWorkOrder,
  shift_end: shiftEnd,
  schedule_change: scheduleChange,
  work_order_status: workOrderStatus,
  batch_genealogy_link: batchGenealogyLink,
};
