import { describe, metricEvent } from '../plant-mapping/metric-event';
import { lookupMetric, type ProtocolMaps } from '../plant-mapping/protocol-maps';
import { refusedMessage, type ProtocolMessage } from '../protocol-message';

const MAX_ID = 256;

/** `1733500000000` (ms), `"2026-12-06T10:00:00Z"` (RFC 3339 with offset). */
function timestampOf(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(value);
  if (typeof value === 'string' && /(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/**
 * A plain unified-namespace message: topic `enterprise/site/area/line/cell/<machine>/<metric...>`
 * placed by the longest matching prefix in a protocol map, value as JSON:
 * `{"value": 71.3, "timestamp_ms": 1733500000000}` (UMH style), `{"value": .., "timestamp": "<RFC 3339>"}`,
 * optionally with `"id"`. A timestamp is required: it dates the event and, with the topic,
 * identifies it (`uns/<topic>@<ms>`), so a redelivery is deduped.
 */
export function translateUns(topic: string, bytes: Uint8Array, maps: ProtocolMaps): ProtocolMessage {
  const placed = maps.unsMachine(topic);
  if (placed === undefined)
    return refusedMessage('unmapped_topic', `UNS topic ${topic} matches no protocol map prefix`);
  const { machine, metric } = placed;
  const lookup = lookupMetric(machine, metric);
  if (lookup.kind === 'ignored') return { units: [], refusals: [], control: 1, unmapped: [] };
  if (lookup.kind === 'unmapped') {
    return refusedMessage(
      'unmapped_metric',
      `UNS ${topic}: metric "${metric}" is not in ${machine.mapVersion}`,
      {
        unmapped: [{ site: machine.site, protocol: 'uns', path: topic }],
      },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return refusedMessage('decode_failed', `UNS ${topic}: payload is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('value' in body)) {
    return refusedMessage(
      'schema_invalid',
      `UNS ${topic}: expected {"value": .., "timestamp_ms"|"timestamp": ..}, got ${describe(body)}`,
    );
  }
  const record = body as Record<string, unknown>;
  const timestamp = timestampOf(record['timestamp_ms'] ?? record['timestamp']);
  if (timestamp === undefined)
    return refusedMessage(
      'schema_invalid',
      `UNS ${topic}: a timestamp_ms (epoch ms) or timestamp (RFC 3339 with offset) is required`,
    );
  const id = record['id'];
  const sourceEventId =
    typeof id === 'string' && id.length > 0 && id.length <= MAX_ID
      ? id
      : `uns/${topic}@${timestamp.getTime()}`;
  const result = metricEvent(
    machine,
    lookup.mapping,
    { metric, value: record['value'], timestamp },
    sourceEventId,
  );
  if ('unit' in result) return { units: [result.unit], refusals: [], control: 0, unmapped: [] };
  if ('refusal' in result) return { units: [], refusals: [result.refusal], control: 0, unmapped: [] };
  return { units: [], refusals: [], control: 1, unmapped: [] };
}
