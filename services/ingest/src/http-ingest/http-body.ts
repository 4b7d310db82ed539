import { PlantEvent, SourceSystem, locationKey } from '@andon/contracts';
import { normaliseSiteId } from '@andon/plant-model';
import { formatOf } from '../normalise/decode-input';

export interface HttpEventInput {
  /** The bytes that go through the validation path (and into the DLQ if refused). */
  value: Uint8Array;
  /** Partition key the record would have had on a raw topic; used for the DLQ and replays. */
  key: string | null;
  /** Source system, when it can be read; picks the raw topic a dead letter is replayed to. */
  source: SourceSystem | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyOf(site: unknown, line: unknown): string | null {
  if (typeof site !== 'string' || site.trim() === '') return null;
  try {
    return locationKey({ site: normaliseSiteId(site), line: typeof line === 'string' ? line.trim() : '' });
  } catch {
    return null;
  }
}

function sourceOfName(name: unknown): SourceSystem | undefined {
  if (typeof name !== 'string') return undefined;
  const bare = name
    .trim()
    .toUpperCase()
    .replace(/^SOURCE_SYSTEM_/, '');
  const value = (SourceSystem as unknown as Record<string, unknown>)[bare];
  return typeof value === 'number' ? value : undefined;
}

function jsonInput(element: unknown, bytes: Uint8Array): HttpEventInput {
  const location = isRecord(element) && isRecord(element['location']) ? element['location'] : {};
  return {
    value: bytes,
    key: keyOf(location['site'], location['line']),
    source: isRecord(element) ? sourceOfName(element['sourceSystem']) : undefined,
  };
}

function protobufInput(bytes: Uint8Array): HttpEventInput {
  try {
    const envelope = PlantEvent.decode(bytes).envelope;
    return {
      value: bytes,
      key: keyOf(envelope?.location?.site, envelope?.location?.line),
      source: envelope?.sourceSystem,
    };
  } catch {
    return { value: bytes, key: null, source: undefined };
  }
}

/**
 * Splits an HTTP body into events. JSON: one event object, an array of them, or
 * `{ "events": [...] }`; each element is re-serialised as its own record (the request
 * has no per-event bytes). A body that is not JSON stays one input, bytes untouched,
 * so the validation path refuses it and the DLQ keeps exactly what was sent.
 * Protobuf: one PlantEvent per request.
 */
export function splitBody(bytes: Uint8Array, contentType: string | undefined): HttpEventInput[] {
  if (formatOf(contentType) !== 'json') {
    return [
      formatOf(contentType) === 'protobuf'
        ? protobufInput(bytes)
        : { value: bytes, key: null, source: undefined },
    ];
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return [{ value: bytes, key: null, source: undefined }];
  }
  const list = Array.isArray(body)
    ? body
    : isRecord(body) && Array.isArray(body['events'])
      ? body['events']
      : undefined;
  if (list === undefined) return [jsonInput(body, bytes)];
  return list.map((element) => jsonInput(element, Buffer.from(JSON.stringify(element) ?? 'null', 'utf8')));
}
