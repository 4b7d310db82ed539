import { NonRetryableError } from '@andon/bus';
import { PlantEvent, eventTypeOf, type PlantEventPayload } from '@andon/contracts';
import { isSiteId, type SiteId } from '@andon/plant-model';

/** A plant event that passed the agent's edge validation, with the envelope fields every handler needs. */
export interface DecodedPlantEvent {
  event: PlantEvent;
  payload: PlantEventPayload;
  eventId: string;
  /** The envelope's correlation id, or the event id when the source set none. */
  correlationId: string;
  enterprise: string;
  /** Normalised by ingest; an event whose site is not a normalised site id is refused here. */
  site: SiteId;
  area: string;
  line: string;
  occurredAt: Date;
}

/**
 * Decodes and validates one record of andon.plant-events.v1. Anything wrong here is
 * wrong for ever (ingest already normalised it), so it is a NonRetryableError: the bus
 * dead-letters it at once instead of retrying.
 */
export function decodePlantEvent(value: Uint8Array): DecodedPlantEvent {
  let event: PlantEvent;
  try {
    event = PlantEvent.decode(value);
  } catch (err) {
    throw new NonRetryableError(`not a PlantEvent: ${(err as Error).message}`, {
      reason: 'decode_failed',
      cause: err,
    });
  }
  const envelope = event.envelope;
  const problems: string[] = [];
  if (!envelope) problems.push('envelope is missing');
  if (!envelope?.eventId) problems.push('envelope.event_id is required');
  const site = envelope?.location?.site;
  if (!site) problems.push('envelope.location.site is required');
  else if (!isSiteId(site)) problems.push(`envelope.location.site "${site}" is not a normalised site id`);
  if (!envelope?.occurredAt || Number.isNaN(envelope.occurredAt.getTime()))
    problems.push('envelope.occurred_at is required');
  if (!event.payload) problems.push('payload is missing');
  else if (envelope?.eventType && envelope.eventType !== eventTypeOf(event.payload.$case)) {
    problems.push(
      `envelope.event_type "${envelope.eventType}" does not match payload ${eventTypeOf(event.payload.$case)}`,
    );
  }
  if (
    problems.length > 0 ||
    !envelope ||
    !event.payload ||
    !envelope.occurredAt ||
    !site ||
    !isSiteId(site)
  ) {
    throw new NonRetryableError(
      `invalid plant event ${envelope?.eventId ?? '(no id)'}: ${problems.join('; ')}`,
      { reason: 'schema_invalid' },
    );
  }
  const location = envelope.location;
  return {
    event,
    payload: event.payload,
    eventId: envelope.eventId,
    correlationId: envelope.correlationId || envelope.eventId,
    enterprise: location?.enterprise ?? '',
    site,
    area: location?.area ?? '',
    line: location?.line ?? '',
    occurredAt: envelope.occurredAt,
  };
}
