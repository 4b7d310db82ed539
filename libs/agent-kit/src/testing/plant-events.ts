import type { EventBus } from '@andon/bus';
import {
  ContentTypes,
  Envelope,
  HeaderNames,
  PlantEvent,
  SourceSystem,
  eventTypeOf,
  locationKey,
  type PlantEventPayload,
} from '@andon/contracts';

export interface PlantEventSpec {
  eventId: string;
  site?: string;
  line?: string;
  area?: string;
  occurredAt: Date | string;
  correlationId?: string;
  sourceSystem?: SourceSystem;
  payload: PlantEventPayload;
}

/** A normalised plant event as ingest would publish it on andon.plant-events.v1. */
export function plantEvent(spec: PlantEventSpec): PlantEvent {
  const occurredAt = typeof spec.occurredAt === 'string' ? new Date(spec.occurredAt) : spec.occurredAt;
  return PlantEvent.fromPartial({
    envelope: Envelope.fromPartial({
      eventId: spec.eventId,
      eventType: eventTypeOf(spec.payload.$case),
      sourceSystem: spec.sourceSystem ?? SourceSystem.MES,
      location: {
        enterprise: 'acme',
        site: spec.site ?? 'plant-a',
        area: spec.area ?? 'molding',
        line: spec.line ?? 'line-1',
        cell: '',
      },
      occurredAt,
      ingestedAt: occurredAt,
      correlationId: spec.correlationId ?? `corr-${spec.eventId}`,
      schemaVersion: 1,
      sourceRecordId: spec.eventId,
    }),
    payload: spec.payload,
  });
}

export async function publishPlantEvents(
  bus: EventBus,
  topic: string,
  events: readonly PlantEvent[],
): Promise<void> {
  await bus.publish(
    events.map((e) => ({
      topic,
      key: locationKey({ site: e.envelope?.location?.site ?? '', line: e.envelope?.location?.line ?? '' }),
      value: PlantEvent.encode(e).finish(),
      headers: {
        [HeaderNames.EventId]: e.envelope?.eventId ?? '',
        [HeaderNames.EventType]: e.envelope?.eventType ?? '',
        [HeaderNames.CorrelationId]: e.envelope?.correlationId ?? '',
        [HeaderNames.ContentType]: ContentTypes.Protobuf,
        [HeaderNames.Site]: e.envelope?.location?.site ?? '',
        [HeaderNames.ProducedBy]: 'ingest',
      },
    })),
  );
}
