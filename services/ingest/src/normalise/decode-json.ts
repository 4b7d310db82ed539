import { z } from 'zod';
import { DataClassification, SourceSystem } from '@andon/contracts';
import { id, optId, protoEnum } from './json-fields';
import { JSON_PAYLOAD_SCHEMAS } from './json-payloads';
import type { RawEvent } from './raw-event';
import { reject } from './rejection';
import { requireTimestamp } from './timestamps';

const RAW_SOURCES = new Set<number>([
  SourceSystem.MES,
  SourceSystem.ERP,
  SourceSystem.HISTORIAN,
  SourceSystem.QMS,
  SourceSystem.CMMS,
]);

const locationPart = z.string().trim().max(128).optional();

/** The envelope of the raw JSON format; the payload is checked per event type afterwards. */
const rawJsonEnvelope = z.object({
  sourceSystem: protoEnum(SourceSystem, 'SOURCE_SYSTEM_').optional(),
  sourceEventId: id,
  sourceRecordId: optId,
  eventType: z.string().trim().min(1).max(128),
  location: z
    .object({
      enterprise: locationPart,
      site: locationPart,
      area: locationPart,
      line: locationPart,
      cell: locationPart,
    })
    .optional(),
  occurredAt: z.string().max(64),
  correlationId: optId,
  causationId: optId,
  dataClassification: protoEnum(DataClassification, 'DATA_CLASSIFICATION_').optional(),
  schemaVersion: z.number().int().optional(),
  payload: z.record(z.string(), z.unknown()),
});

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function sourceEventIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)['sourceEventId'];
  return typeof value === 'string' && value.length <= 256 ? value : undefined;
}

/**
 * Decodes and validates one raw JSON event. The checks run from coarse to fine so the
 * reason names the first thing wrong: not JSON, envelope, site, event type, payload,
 * timestamp. `defaultSource` is the raw topic's source system, used when the body omits it.
 */
export function decodeJsonEvent(bytes: Uint8Array, defaultSource: SourceSystem | undefined): RawEvent {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    reject('decode_failed', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const seid = sourceEventIdOf(body);
  const envelope = rawJsonEnvelope.safeParse(body);
  if (!envelope.success) reject('schema_invalid', describe(envelope.error), seid);
  const e = envelope.data;
  if (e.schemaVersion !== undefined && e.schemaVersion !== 1) {
    reject(
      'unsupported_schema_version',
      `schemaVersion ${e.schemaVersion} is not supported (this ingest reads 1)`,
      e.sourceEventId,
    );
  }
  const site = e.location?.site ?? '';
  if (site === '') reject('missing_site', 'location.site is missing or empty', e.sourceEventId);
  const sourceSystem = e.sourceSystem ?? defaultSource;
  if (sourceSystem === undefined) reject('schema_invalid', 'sourceSystem is missing', e.sourceEventId);
  if (!RAW_SOURCES.has(sourceSystem)) {
    reject(
      'schema_invalid',
      `sourceSystem ${SourceSystem[sourceSystem]} is not a raw source (MES, ERP, HISTORIAN, QMS, CMMS)`,
      e.sourceEventId,
    );
  }
  const payloadSchema = JSON_PAYLOAD_SCHEMAS[e.eventType];
  if (!payloadSchema)
    reject(
      'unknown_event_type',
      `eventType "${e.eventType.slice(0, 64)}" is not a plant event type`,
      e.sourceEventId,
    );
  const payload = payloadSchema.safeParse(e.payload);
  if (!payload.success)
    reject('schema_invalid', `payload of ${e.eventType}: ${describe(payload.error)}`, e.sourceEventId);
  const occurredAt = requireTimestamp(e.occurredAt, 'occurredAt', e.sourceEventId);
  return {
    format: 'json',
    sourceSystem,
    sourceEventId: e.sourceEventId,
    sourceRecordId: e.sourceRecordId ?? '',
    eventType: e.eventType,
    location: {
      enterprise: e.location?.enterprise ?? '',
      site,
      area: e.location?.area ?? '',
      line: e.location?.line ?? '',
      cell: e.location?.cell ?? '',
    },
    occurredAt,
    correlationId: e.correlationId ?? '',
    causationId: e.causationId ?? '',
    dataClassification: e.dataClassification ?? DataClassification.UNSPECIFIED,
    payload: payload.data,
  };
}
