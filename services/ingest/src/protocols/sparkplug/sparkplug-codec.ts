import { get as sparkplugPayloads } from 'sparkplug-payload';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';

const codec = requireCodec();

function requireCodec(): NonNullable<ReturnType<typeof sparkplugPayloads>> {
  const found = sparkplugPayloads('spBv1.0');
  if (found === null) throw new Error('sparkplug-payload does not know the spBv1.0 namespace');
  return found;
}

/** A decoded metric with what ingest reads; Int64/UInt64/DateTime values (Long) become numbers. */
export interface DecodedMetric {
  name: string | undefined;
  alias: string | undefined;
  timestamp: number | undefined;
  value: unknown;
  isNull: boolean;
}

export interface DecodedPayload {
  timestamp: number | undefined;
  seq: number | undefined;
  metrics: DecodedMetric[];
}

interface LongLike {
  toNumber(): number;
}

function isLong(value: unknown): value is LongLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as Partial<LongLike>).toNumber === 'function'
  );
}

function num(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (isLong(value)) return value.toNumber();
  return typeof value === 'number' ? value : undefined;
}

function metricOf(metric: UMetric): DecodedMetric {
  const alias = num(metric.alias);
  const value = isLong(metric.value) ? metric.value.toNumber() : metric.value;
  return {
    name: metric.name ?? undefined,
    alias: alias === undefined ? undefined : String(alias),
    timestamp: num(metric.timestamp),
    value,
    isNull: metric.isNull === true || value === null || value === undefined,
  };
}

/** Decodes a Sparkplug B payload (Eclipse Tahu's protobuf, via sparkplug-payload); throws on bad bytes. */
export function decodeSparkplug(bytes: Uint8Array): DecodedPayload {
  const payload: UPayload = codec.decodePayload(bytes);
  return {
    timestamp: num(payload.timestamp),
    seq: num(payload.seq),
    metrics: (payload.metrics ?? []).map(metricOf),
  };
}

/** An NCMD payload asking an edge node to publish its births again (`Node Control/Rebirth` = true). */
export function encodeRebirthRequest(now: Date): Uint8Array {
  return codec.encodePayload({
    timestamp: now.getTime(),
    metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
  });
}
