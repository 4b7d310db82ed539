import type { z } from 'zod';
import type { PlantUnit } from '../plant-mapping/metric-event';
import type { ProtocolMaps } from '../plant-mapping/protocol-maps';
import { refusedMessage, type ProtocolMessage } from '../protocol-message';
import { materialLotSchema, productionPerformanceSchema, productionScheduleSchema } from './b2mml.schema';

const WORK_ORDER_STATE = {
  Forecast: undefined,
  Released: 'RELEASED',
  Ready: 'RELEASED',
  Running: 'STARTED',
  Held: 'PAUSED',
  Completed: 'COMPLETED',
  Aborted: 'CANCELLED',
} as const;
const MATERIAL_STATE = {
  Released: 'AVAILABLE',
  Available: 'AVAILABLE',
  Quarantine: 'QUARANTINE',
  Blocked: 'QUARANTINE',
  OnHold: 'QUARANTINE',
  Consumed: 'CONSUMED',
  Short: 'SHORT',
} as const;

interface Context {
  site: string;
  sourceSystem: string;
  receivedAt: Date;
}

function unit(
  ctx: Context,
  label: string,
  line: string | undefined,
  eventType: string,
  sourceEventId: string,
  occurredAt: string,
  payload: Record<string, unknown>,
): PlantUnit {
  return {
    label,
    key: line ? `${ctx.site}/${line}` : ctx.site,
    event: {
      sourceSystem: ctx.sourceSystem,
      sourceEventId,
      eventType,
      location: { site: ctx.site, ...(line ? { line } : {}) },
      occurredAt,
      payload,
    },
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown, noun: string): { data: T } | { error: string } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data };
  return {
    error: `B2MML ${noun}: ${parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ')}`,
  };
}

/**
 * B2MML JSON on `<site prefix>/<noun>` (ProductionSchedule, ProductionPerformance,
 * MaterialLot), validated against Andon's own schema for the fields it reads, mapped to
 * work_order_status, production_count and material_status events. One message is valid
 * or refused as a whole (a schedule is one document); each request/response/lot is a unit.
 */
export function translateB2mml(
  topic: string,
  bytes: Uint8Array,
  maps: ProtocolMaps,
  receivedAt: Date,
): ProtocolMessage {
  const placed = maps.b2mmlSite(topic);
  if (placed === undefined)
    return refusedMessage('unmapped_topic', `B2MML topic ${topic} matches no protocol map`);
  const ctx: Context = { site: placed.site, sourceSystem: placed.sourceSystem, receivedAt };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return refusedMessage('decode_failed', `B2MML ${placed.noun} on ${topic}: payload is not JSON`);
  }
  const out: ProtocolMessage = { units: [], refusals: [], control: 0, unmapped: [] };
  switch (placed.noun) {
    case 'ProductionSchedule': {
      const r = parse(productionScheduleSchema, body, placed.noun);
      if ('error' in r) return refusedMessage('schema_invalid', r.error);
      const schedule = r.data.ProductionSchedule;
      const version = schedule.PublishedDate ?? schedule.ID;
      for (const request of schedule.ProductionRequest) {
        const state = WORK_ORDER_STATE[request.RequestState];
        if (state === undefined) {
          out.control += 1; // a forecast is not a work order yet
          continue;
        }
        const produced = request.SegmentRequirement?.flatMap((s) => s.MaterialProducedRequirement ?? [])[0];
        const qty = produced?.Quantity?.[0];
        out.units.push(
          unit(
            ctx,
            `ProductionRequest ${request.ID}`,
            request.HierarchyScope?.EquipmentID,
            'work_order_status',
            `b2mml/ProductionSchedule/${schedule.ID}@${version}/${request.ID}`,
            schedule.PublishedDate ?? receivedAt.toISOString(),
            {
              workOrderId: request.ID,
              state,
              ...(produced?.MaterialDefinitionID ? { product: produced.MaterialDefinitionID } : {}),
              ...(qty ? { plannedQuantity: qty.QuantityString, unit: qty.UnitOfMeasure ?? 'ea' } : {}),
              ...(request.EndTime ? { dueAt: request.EndTime } : {}),
            },
          ),
        );
      }
      return out;
    }
    case 'ProductionPerformance': {
      const r = parse(productionPerformanceSchema, body, placed.noun);
      if ('error' in r) return refusedMessage('schema_invalid', r.error);
      for (const response of r.data.ProductionPerformance.ProductionResponse) {
        for (const segment of response.SegmentResponse) {
          const produced = segment.MaterialProducedActual;
          const good = produced.reduce((sum, m) => sum + (m.Quantity?.[0]?.QuantityString ?? 0), 0);
          const first = produced[0];
          out.units.push(
            unit(
              ctx,
              `SegmentResponse ${segment.ID}`,
              response.HierarchyScope?.EquipmentID,
              'production_count',
              `b2mml/ProductionPerformance/${response.ID}/${segment.ID}`,
              segment.ActualEndTime,
              {
                good,
                unit: first?.Quantity?.[0]?.UnitOfMeasure ?? 'ea',
                ...(first?.MaterialDefinitionID ? { product: first.MaterialDefinitionID } : {}),
                ...(first?.MaterialLotID ? { lotId: first.MaterialLotID } : {}),
                ...(response.ProductionRequestID ? { workOrderId: response.ProductionRequestID } : {}),
                ...(segment.EquipmentActual?.[0]
                  ? { machineId: segment.EquipmentActual[0].EquipmentID }
                  : {}),
                ...(segment.ActualStartTime ? { periodStart: segment.ActualStartTime } : {}),
                periodEnd: segment.ActualEndTime,
              },
            ),
          );
        }
      }
      return out;
    }
    case 'MaterialLot': {
      const r = parse(materialLotSchema, body, placed.noun);
      if ('error' in r) return refusedMessage('schema_invalid', r.error);
      for (const lot of r.data.MaterialLot) {
        const qty = lot.Quantity?.[0];
        out.units.push(
          unit(
            ctx,
            `MaterialLot ${lot.ID}`,
            lot.HierarchyScope?.EquipmentID,
            'material_status',
            `b2mml/MaterialLot/${lot.ID}@${lot.StatusChangedTime}`,
            lot.StatusChangedTime,
            {
              material: lot.MaterialDefinitionID,
              lotId: lot.ID,
              status: MATERIAL_STATE[lot.Status],
              ...(qty ? { quantity: qty.QuantityString, unit: qty.UnitOfMeasure ?? 'ea' } : {}),
            },
          ),
        );
      }
      return out;
    }
    default:
      return refusedMessage(
        'unknown_event_type',
        `B2MML noun "${placed.noun}" on ${topic} is not read (ProductionSchedule, ProductionPerformance, MaterialLot)`,
      );
  }
}
