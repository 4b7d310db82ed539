import type { PlantEvent } from './gen/andon/v1/plant_events';

export type PlantEventPayload = NonNullable<PlantEvent['payload']>;
/** The generated (camelCase) oneof case, e.g. 'productionCount'. */
export type PlantEventCase = PlantEventPayload['$case'];

// A mapped type over the union, so adding a payload to plant_events.proto fails to
// compile until it is listed here. Values are the proto field names, which are what
// Envelope.event_type carries.
const EVENT_TYPE_BY_CASE: { readonly [C in PlantEventCase]: string } = {
  workOrderStatus: 'work_order_status',
  productionCount: 'production_count',
  downtimeStart: 'downtime_start',
  downtimeEnd: 'downtime_end',
  machineAlarm: 'machine_alarm',
  historianReading: 'historian_reading',
  qualityCheck: 'quality_check',
  nonconformance: 'nonconformance',
  operatorNote: 'operator_note',
  labourEvent: 'labour_event',
  procedureStepCompleted: 'procedure_step_completed',
  materialStatus: 'material_status',
  maintenanceWorkOrder: 'maintenance_work_order',
  shiftEnd: 'shift_end',
  scheduleChange: 'schedule_change',
  batchGenealogyLink: 'batch_genealogy_link',
};

const CASE_BY_EVENT_TYPE: ReadonlyMap<string, PlantEventCase> = new Map(
  (Object.keys(EVENT_TYPE_BY_CASE) as PlantEventCase[]).map((c) => [EVENT_TYPE_BY_CASE[c], c]),
);

/** Every valid Envelope.event_type value. */
export const PLANT_EVENT_TYPES: readonly string[] = Object.values(EVENT_TYPE_BY_CASE);

/** The Envelope.event_type for a payload case, e.g. 'productionCount' -> 'production_count'. */
export function eventTypeOf(payloadCase: PlantEventCase): string {
  return EVENT_TYPE_BY_CASE[payloadCase];
}

/** The payload case an event_type names, or undefined if it names none. */
export function payloadCaseOf(eventType: string): PlantEventCase | undefined {
  return CASE_BY_EVENT_TYPE.get(eventType);
}
