import { DataClassification, PlantEvent, SourceSystem, eventTypeOf, payloadCaseOf } from '@andon/contracts';
import type { RawEvent } from './raw-event';
import { reject } from './rejection';

const RAW_SOURCES = new Set<number>([
  SourceSystem.MES,
  SourceSystem.ERP,
  SourceSystem.HISTORIAN,
  SourceSystem.QMS,
  SourceSystem.CMMS,
]);
const MAX_ID = 256;
const MAX_LOCATION_PART = 128;

/** Every number in the payload must be finite: protobuf doubles can carry NaN and Infinity, JSON cannot. */
function firstNonFinite(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const found = firstNonFinite(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Decodes a raw protobuf PlantEvent and checks what the proto cannot express: required
 * envelope fields, an event_type that matches the payload case, a raw source system.
 */
export function decodeProtobufEvent(bytes: Uint8Array, defaultSource: SourceSystem | undefined): RawEvent {
  let event: PlantEvent;
  try {
    event = PlantEvent.decode(bytes);
  } catch (err) {
    reject(
      'decode_failed',
      `not a protobuf andon.v1.PlantEvent (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const envelope = event.envelope;
  if (!envelope) reject('schema_invalid', 'envelope is missing');
  const sourceEventId = envelope.eventId.trim();
  if (sourceEventId === '' || sourceEventId.length > MAX_ID)
    reject('schema_invalid', 'envelope.event_id must be 1..256 characters');
  if (envelope.schemaVersion !== 0 && envelope.schemaVersion !== 1) {
    reject(
      'unsupported_schema_version',
      `schema_version ${envelope.schemaVersion} is not supported (this ingest reads 1)`,
      sourceEventId,
    );
  }
  const location = envelope.location;
  const site = location?.site.trim() ?? '';
  if (site === '') reject('missing_site', 'envelope.location.site is missing or empty', sourceEventId);
  if (location && Object.values(location).some((part: string) => part.length > MAX_LOCATION_PART)) {
    reject(
      'schema_invalid',
      `a location field is longer than ${MAX_LOCATION_PART} characters`,
      sourceEventId,
    );
  }
  const sourceSystem =
    envelope.sourceSystem === SourceSystem.UNSPECIFIED ? defaultSource : envelope.sourceSystem;
  if (sourceSystem === undefined || !RAW_SOURCES.has(sourceSystem)) {
    reject(
      'schema_invalid',
      `envelope.source_system ${SourceSystem[envelope.sourceSystem] ?? envelope.sourceSystem} is not a raw source`,
      sourceEventId,
    );
  }
  const payload = event.payload;
  if (!payload) {
    const known = payloadCaseOf(envelope.eventType) !== undefined;
    reject(
      known ? 'schema_invalid' : 'unknown_event_type',
      `no payload set (event_type "${envelope.eventType.slice(0, 64)}")`,
      sourceEventId,
    );
  }
  const expectedType = eventTypeOf(payload.$case);
  if (envelope.eventType !== '' && envelope.eventType !== expectedType) {
    reject(
      'schema_invalid',
      `event_type "${envelope.eventType.slice(0, 64)}" does not match the payload (${expectedType})`,
      sourceEventId,
    );
  }
  const nonFinite = firstNonFinite(payload.value, payload.$case);
  if (nonFinite) reject('schema_invalid', `${nonFinite} is not a finite number`, sourceEventId);
  if (!envelope.occurredAt || Number.isNaN(envelope.occurredAt.getTime())) {
    reject('schema_invalid', 'envelope.occurred_at is missing', sourceEventId);
  }
  return {
    format: 'protobuf',
    sourceSystem,
    sourceEventId,
    sourceRecordId: envelope.sourceRecordId,
    eventType: expectedType,
    location: {
      enterprise: location?.enterprise.trim() ?? '',
      site,
      area: location?.area.trim() ?? '',
      line: location?.line.trim() ?? '',
      cell: location?.cell.trim() ?? '',
    },
    occurredAt: envelope.occurredAt,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    dataClassification:
      envelope.dataClassification === DataClassification.UNRECOGNIZED
        ? DataClassification.UNSPECIFIED
        : envelope.dataClassification,
    payload,
  };
}
