import { z } from 'zod';

/*
 * Andon's own schema for the B2MML (ISA-95, MESA B2MML V0700 naming) JSON fields ingest
 * reads — NOT the MESA B2MML V0700 JSON schemas: their licence terms for redistribution
 * were not established, so they are not shipped. Element names follow B2MML; elements
 * ingest does not read are allowed and ignored. See docs/raw-events.md ("B2MML").
 */

const id = z.string().min(1).max(256);
const dateTime = z.string().regex(/(Z|[+-]\d{2}:\d{2})$/i, 'date-time with an offset');

/** B2MML QuantityValueType: `QuantityString` is text in B2MML; a number is accepted too. */
const quantity = z.object({
  QuantityString: z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]).transform(Number),
  UnitOfMeasure: z.string().min(1).optional(),
});

const hierarchyScope = z.object({ EquipmentID: id, EquipmentElementLevel: z.string().optional() }).optional();

const material = z.object({
  MaterialDefinitionID: id.optional(),
  MaterialLotID: id.optional(),
  Quantity: z.array(quantity).optional(),
});

export const productionScheduleSchema = z.object({
  ProductionSchedule: z.object({
    ID: id,
    PublishedDate: dateTime.optional(),
    ProductionRequest: z
      .array(
        z.object({
          ID: id,
          RequestState: z
            .enum(['Forecast', 'Released', 'Ready', 'Running', 'Completed', 'Aborted', 'Held'])
            .default('Released'),
          StartTime: dateTime.optional(),
          EndTime: dateTime.optional(),
          HierarchyScope: hierarchyScope,
          SegmentRequirement: z
            .array(z.object({ MaterialProducedRequirement: z.array(material).optional() }))
            .optional(),
        }),
      )
      .min(1),
  }),
});

export const productionPerformanceSchema = z.object({
  ProductionPerformance: z.object({
    ID: id,
    PublishedDate: dateTime.optional(),
    ProductionResponse: z
      .array(
        z.object({
          ID: id,
          ProductionRequestID: id.optional(),
          HierarchyScope: hierarchyScope,
          SegmentResponse: z
            .array(
              z.object({
                ID: id,
                ActualStartTime: dateTime.optional(),
                ActualEndTime: dateTime,
                EquipmentActual: z.array(z.object({ EquipmentID: id })).optional(),
                MaterialProducedActual: z.array(material).min(1),
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  }),
});

export const materialLotSchema = z.object({
  MaterialLot: z
    .array(
      z.object({
        ID: id,
        MaterialDefinitionID: id,
        Status: z.enum(['Released', 'Available', 'Quarantine', 'Blocked', 'OnHold', 'Consumed', 'Short']),
        StatusChangedTime: dateTime,
        Quantity: z.array(quantity).optional(),
        HierarchyScope: hierarchyScope,
      }),
    )
    .min(1),
});

export type ProductionSchedule = z.infer<typeof productionScheduleSchema>;
export type ProductionPerformance = z.infer<typeof productionPerformanceSchema>;
export type MaterialLots = z.infer<typeof materialLotSchema>;
