import {
  AlarmSeverity,
  AlarmState,
  CheckResult,
  DowntimeReason,
  MaintenanceType,
  MaintenanceWorkOrderState,
  MaterialState,
  NonconformanceSeverity,
  NonconformanceStatus,
  WorkOrderState,
  isRaisedNonconformance,
  type PlantEvent,
  type PlantEventPayload,
} from '@andon/contracts';
import { classificationFromProto } from '../domain/contract-mapping';
import { extractIdentifiers } from '../domain/identifiers';
import type { KnowledgeChunk } from '../domain/knowledge-chunk';

/**
 * Payloads not indexed: periodic telemetry and bookkeeping (counts, historian samples,
 * clock-ins, genealogy links) would bury the events people ask about; agents read those
 * from the MES and historian directly.
 */
export const SKIPPED_EVENT_CASES: ReadonlySet<PlantEventPayload['$case']> = new Set([
  'productionCount',
  'historianReading',
  'labourEvent',
  'batchGenealogyLink',
]);

const name = (e: Record<number, string>, v: number): string => (e[v] ?? 'unspecified').toLowerCase();
const iso = (d: Date | undefined): string => (d ? d.toISOString() : 'unknown time');
const num = (v: number): string => String(Math.round(v * 1000) / 1000);

interface Rendered {
  title: string;
  text: string;
  product?: string;
}

function render(p: PlantEventPayload, machine: (m: string) => string): Rendered | null {
  switch (p.$case) {
    case 'machineAlarm': {
      const a = p.value;
      return {
        title: `Alarm ${a.alarmCode} ${name(AlarmState, a.state)} on ${a.machineId}`,
        text: `Alarm ${a.alarmCode} ${name(AlarmState, a.state)} on ${machine(a.machineId)}, severity ${name(AlarmSeverity, a.severity)}. ${a.message}`.trim(),
      };
    }
    case 'downtimeStart': {
      const d = p.value;
      return {
        title: `Downtime started on ${d.machineId}`,
        text: `Downtime ${d.downtimeId} started on ${machine(d.machineId)}: ${name(DowntimeReason, d.canonicalReason)} (site code ${d.reasonCode}). ${d.reasonText}`.trim(),
      };
    }
    case 'downtimeEnd': {
      const d = p.value;
      return {
        title: `Downtime ended on ${d.machineId}`,
        text: `Downtime ${d.downtimeId} ended on ${machine(d.machineId)} (started ${iso(d.startedAt)}): ${name(DowntimeReason, d.canonicalReason)} (site code ${d.reasonCode}). ${d.reasonText}`.trim(),
      };
    }
    case 'nonconformance': {
      const n = p.value;
      // An update (contained, closed) is indexed too, worded so it is not read as a newly raised NCR.
      const update = isRaisedNonconformance(n.status) ? '' : ` ${name(NonconformanceStatus, n.status)}`;
      return {
        title: `NCR ${n.ncrId} ${n.category}${update}`,
        text: `Nonconformance ${n.ncrId}${update} (${name(NonconformanceSeverity, n.severity)}, ${n.category}) on ${n.product}: ${n.description}. Lots ${n.lotIds.join(', ') || 'none'}; ${num(n.quantityAffected)} ${n.unit} affected${n.supplier ? `; supplier ${n.supplier}` : ''}.`,
        product: n.product,
      };
    }
    case 'qualityCheck': {
      const q = p.value;
      if (q.result !== CheckResult.FAIL) return null;
      const spec = `${q.lowerSpecLimit ?? '-'}..${q.upperSpecLimit ?? '-'} ${q.unit}`;
      return {
        title: `Quality check ${q.checkId} failed`,
        text: `Quality check ${q.checkId} failed: ${q.characteristic} measured ${num(q.measuredValue)} ${q.unit} (spec ${spec}) on ${machine(q.machineId)}, lot ${q.lotId}, product ${q.product}, work order ${q.workOrderId}.`,
        product: q.product,
      };
    }
    case 'operatorNote':
      return {
        title: `Operator note on ${p.value.machineId || 'line'}`,
        text: `Operator note on ${machine(p.value.machineId)}: ${p.value.text}`,
      };
    case 'maintenanceWorkOrder': {
      const w = p.value;
      const parts = w.parts
        .map(
          (part) =>
            `${part.partNumber} ${part.description} x${num(part.quantity)} (on hand ${num(part.onHand)})`,
        )
        .join('; ');
      return {
        title: `Maintenance work order ${w.maintenanceWorkOrderId} ${name(MaintenanceWorkOrderState, w.state)}`,
        text: `Maintenance work order ${w.maintenanceWorkOrderId} ${name(MaintenanceWorkOrderState, w.state)} (${name(MaintenanceType, w.type)}) on ${machine(w.machineId)}: ${w.description}.${w.failureCode ? ` Failure code ${w.failureCode}.` : ''}${w.alarmCodes.length ? ` Alarms ${w.alarmCodes.join(', ')}.` : ''}${parts ? ` Parts: ${parts}.` : ''}`,
      };
    }
    case 'workOrderStatus': {
      const w = p.value;
      return {
        title: `Work order ${w.workOrderId} ${name(WorkOrderState, w.state)}`,
        text: `Work order ${w.workOrderId} for ${w.product} went from ${name(WorkOrderState, w.previousState)} to ${name(WorkOrderState, w.state)}: ${num(w.completedQuantity)} of ${num(w.plannedQuantity)} ${w.unit} done${w.dueAt ? `, due ${iso(w.dueAt)}` : ''}.`,
        product: w.product,
      };
    }
    case 'materialStatus': {
      const m = p.value;
      return {
        title: `Material ${m.materialId} ${name(MaterialState, m.state)}`,
        text: `Material ${m.materialId} lot ${m.lotId} from ${m.supplier || 'unknown supplier'} is ${name(MaterialState, m.state)}: ${num(m.quantity)} ${m.unit}${m.workOrderId ? ` for work order ${m.workOrderId}` : ''}.`,
      };
    }
    case 'scheduleChange': {
      const s = p.value;
      return {
        title: `Work order ${s.workOrderId} rescheduled`,
        text: `Work order ${s.workOrderId} (${s.product}) due date moved from ${iso(s.oldDueAt)} to ${iso(s.newDueAt)}: ${s.reason}.`,
        product: s.product,
      };
    }
    case 'shiftEnd':
      return {
        title: `Shift ${p.value.shiftCode} ended`,
        text: `Shift ${p.value.shiftCode} (${p.value.shiftId}) ended at ${iso(p.value.endedAt)}, started ${iso(p.value.startedAt)}.`,
      };
    case 'procedureStepCompleted': {
      const s = p.value;
      return {
        title: `Step ${s.stepNumber} of ${s.documentId} completed`,
        text: `Step ${s.stepNumber} of ${s.documentId} revision ${s.revision} completed on ${machine(s.machineId)} for work order ${s.workOrderId}.`,
      };
    }
    default:
      return null;
  }
}

/** One plant event as an indexed record (site/line/time metadata), or null when not indexed. */
export function plantEventRecord(event: PlantEvent): KnowledgeChunk | null {
  const env = event.envelope;
  const payload = event.payload;
  if (!env?.eventId || !env.occurredAt || !payload || SKIPPED_EVENT_CASES.has(payload.$case)) return null;
  const loc = env.location;
  const where = [loc?.site, loc?.line].filter(Boolean).join('/');
  const rendered = render(payload, (m) => (m ? `${m} (${where})` : where || 'the plant'));
  if (!rendered) return null;
  const text = `[${env.occurredAt.toISOString()}] ${rendered.text}`;
  return {
    chunkId: `event:${env.eventId}`,
    documentId: `event:${env.eventId}`,
    revision: '1',
    kind: 'record',
    docType: 'plant_event',
    title: rendered.title,
    section: env.eventType,
    text,
    startOffset: 0,
    endOffset: text.length,
    site: loc?.site ?? '',
    line: loc?.line ?? '',
    product: rendered.product ?? '',
    // Records are facts, not controlled documents: "approved" from the moment they happened.
    status: 'approved',
    effectiveFrom: env.occurredAt.getTime(),
    effectiveTo: null,
    supersededBy: null,
    occurredAt: env.occurredAt.getTime(),
    classification: classificationFromProto(env.dataClassification),
    owner: env.sourceRecordId,
    identifiers: extractIdentifiers(`${rendered.title} ${text}`),
    embedding: null,
  };
}
