// The conservation property's inputs (pipeline/conservation.property.spec.ts): generated
// valid events on the seed sites' lines, hostile inputs of every refusal reason and
// duplicates, each with the outcome an oracle predicts for it.
import fc from 'fast-check';
import { ContentTypes, HeaderNames, PlantEvent, SourceSystem, Topics } from '@andon/contracts';
import { canonicalEventId } from '../normalise/event-id';
import type { RejectionReason } from '../normalise/rejection';
import { jsonBytes } from './ingest-fixtures';

export const MAX_BYTES = 4_096;
export const SKEW_MS = 60 * 60_000;
export const INPUT_ID = 'x-input-id';

const SITES = {
  'plant-a': {
    lines: ['line-1', 'line-2'],
    downtime: ['D01', 'D03', 'D99'],
    alarms: ['A-100', 'A-400', 'A-999'],
  },
  'plant-b': {
    lines: ['line-3', 'line-4'],
    downtime: ['110', '150', '999'],
    alarms: ['TEMP_HI', 'JAM', 'NOPE'],
  },
} as const;
type Site = keyof typeof SITES;

interface ValidSpec {
  kind: 'valid';
  site: Site;
  lineIndex: number;
  sourceId: number;
  format: 'json' | 'protobuf';
  event: 'production_count' | 'historian_reading' | 'downtime_start' | 'machine_alarm';
  codeIndex: number;
  ageMs: number;
}
type HostileKind =
  | 'random_bytes'
  | 'truncated_json'
  | 'wrong_type'
  | 'missing_site'
  | 'unknown_site'
  | 'future'
  | 'past'
  | 'unknown_type'
  | 'oversized'
  | 'bad_content_type';
interface HostileSpec {
  kind: HostileKind;
  bytes: Uint8Array;
  cut: number;
  sourceId: number;
}
interface DuplicateSpec {
  kind: 'duplicate';
  of: number;
  format: 'json' | 'protobuf';
}
export type Spec = ValidSpec | HostileSpec | DuplicateSpec;

const validArb: fc.Arbitrary<ValidSpec> = fc.record({
  kind: fc.constant('valid' as const),
  site: fc.constantFrom<Site>('plant-a', 'plant-b'),
  lineIndex: fc.nat(1),
  sourceId: fc.nat(1_000_000),
  format: fc.constantFrom<'json' | 'protobuf'>('json', 'protobuf'),
  event: fc.constantFrom<ValidSpec['event']>(
    'production_count',
    'historian_reading',
    'downtime_start',
    'machine_alarm',
  ),
  codeIndex: fc.nat(2),
  ageMs: fc.integer({ min: -SKEW_MS + 60_000, max: SKEW_MS - 60_000 }),
});
const hostileArb: fc.Arbitrary<HostileSpec> = fc.record({
  kind: fc.constantFrom<HostileKind>(
    'random_bytes',
    'truncated_json',
    'wrong_type',
    'missing_site',
    'unknown_site',
    'future',
    'past',
    'unknown_type',
    'oversized',
    'bad_content_type',
  ),
  bytes: fc.uint8Array({ minLength: 0, maxLength: 64 }),
  cut: fc.nat(),
  sourceId: fc.nat(1_000_000),
});
const duplicateArb: fc.Arbitrary<DuplicateSpec> = fc.record({
  kind: fc.constant('duplicate' as const),
  of: fc.nat(),
  format: fc.constantFrom<'json' | 'protobuf'>('json', 'protobuf'),
});
export const specsArb = fc.array(
  fc.oneof(
    { arbitrary: validArb, weight: 4 },
    { arbitrary: hostileArb, weight: 3 },
    { arbitrary: duplicateArb, weight: 2 },
  ),
  { minLength: 1, maxLength: 30 },
);

export interface Input {
  topic: string;
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
  /** `once`: of all inputs with this event id exactly one is published; on its key it is the first of them. */
  expect:
    | { outcome: 'once'; eventId: string; firstOfKey: boolean }
    | { outcome: 'dead_lettered'; reason?: RejectionReason };
}

function jsonEvent(
  v: Omit<ValidSpec, 'kind' | 'format'>,
  now: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const site = SITES[v.site];
  const line = site.lines[v.lineIndex] as string;
  const payload = {
    production_count: { good: 50, scrap: 1, unit: 'ea' },
    historian_reading: { tag: 'm.temperature', value: 150, unit: 'degF', quality: 'GOOD' },
    downtime_start: { machineId: 'm1', reasonCode: site.downtime[v.codeIndex] },
    machine_alarm: {
      machineId: 'm1',
      alarmCode: site.alarms[v.codeIndex],
      severity: 'HIGH',
      state: 'RAISED',
    },
  }[v.event];
  return {
    sourceSystem: 'MES',
    sourceEventId: `src-${v.sourceId}`,
    eventType: v.event,
    location: { enterprise: 'acme', site: v.site, line },
    occurredAt: new Date(now - v.ageMs).toISOString(),
    payload,
    ...overrides,
  };
}

function protobufEvent(v: ValidSpec, now: number): Uint8Array {
  const json = jsonEvent(v, now);
  const payload = PlantEvent.fromJSON({ [v.event]: json['payload'] }).payload;
  return PlantEvent.encode(
    PlantEvent.fromPartial({
      envelope: {
        eventId: `src-${v.sourceId}`,
        eventType: v.event,
        sourceSystem: SourceSystem.MES,
        location: json['location'] as object,
        occurredAt: new Date(now - v.ageMs),
      },
      payload,
    }),
  ).finish();
}

export function buildInputs(specs: readonly Spec[], now: number): Input[] {
  const inputs: Input[] = [];
  const validSpecs: ValidSpec[] = [];
  const sent = new Set<string>();
  const asValid = (v: ValidSpec, format: 'json' | 'protobuf'): Input => {
    const eventId = canonicalEventId(SourceSystem.MES, `src-${v.sourceId}`);
    const key = `${v.site}/${SITES[v.site].lines[v.lineIndex]}`;
    const firstOfKey = !sent.has(`${key} ${eventId}`);
    sent.add(`${key} ${eventId}`);
    const once = { outcome: 'once' as const, eventId, firstOfKey };
    return format === 'json'
      ? {
          topic: Topics.RawMes,
          key,
          value: jsonBytes(jsonEvent(v, now)),
          headers: { [HeaderNames.ContentType]: ContentTypes.Json },
          expect: once,
        }
      : { topic: Topics.RawMes, key, value: protobufEvent(v, now), headers: {}, expect: once };
  };
  for (const spec of specs) {
    if (spec.kind === 'valid') {
      validSpecs.push(spec);
      inputs.push(asValid(spec, spec.format));
    } else if (spec.kind === 'duplicate') {
      const original = validSpecs[spec.of % Math.max(validSpecs.length, 1)];
      if (original) inputs.push(asValid(original, spec.format));
    } else {
      inputs.push(hostile(spec, now));
    }
  }
  return inputs;
}

function hostile(spec: HostileSpec, now: number): Input {
  const base: Omit<ValidSpec, 'kind' | 'format'> = {
    site: 'plant-a',
    lineIndex: 0,
    sourceId: spec.sourceId,
    event: 'production_count',
    codeIndex: 0,
    ageMs: 0,
  };
  const json = (body: unknown, reason?: RejectionReason): Input => ({
    topic: Topics.RawMes,
    key: 'plant-a/line-1',
    value: jsonBytes(body),
    headers: { [HeaderNames.ContentType]: ContentTypes.Json },
    expect: { outcome: 'dead_lettered', ...(reason ? { reason } : {}) },
  });
  switch (spec.kind) {
    case 'random_bytes':
      return {
        topic: Topics.RawHistorian,
        key: 'plant-a/line-1',
        value: spec.bytes,
        headers: spec.cut % 2 === 0 ? {} : { [HeaderNames.ContentType]: ContentTypes.Json },
        expect: { outcome: 'dead_lettered' },
      };
    case 'truncated_json': {
      const full = jsonBytes(jsonEvent(base, now));
      return { ...json(null, 'decode_failed'), value: full.subarray(0, spec.cut % (full.length - 1)) };
    }
    case 'wrong_type':
      return json(jsonEvent(base, now, { payload: { good: 'many' } }), 'schema_invalid');
    case 'missing_site':
      return json(
        jsonEvent(base, now, { location: { enterprise: 'acme', site: '', line: 'line-1' } }),
        'missing_site',
      );
    case 'unknown_site':
      return json(
        jsonEvent(base, now, { location: { site: 'plant-z', line: 'line-1' } }),
        'unknown_location',
      );
    case 'future':
      return json(
        jsonEvent({ ...base, ageMs: -(SKEW_MS + 1_000 + (spec.cut % 1_000_000)) }, now),
        'timestamp_skew',
      );
    case 'past':
      return json(
        jsonEvent({ ...base, ageMs: SKEW_MS + 1_000 + (spec.cut % 1_000_000_000) }, now),
        'timestamp_skew',
      );
    case 'unknown_type':
      return json(jsonEvent(base, now, { eventType: `teleport_${spec.cut % 100}` }), 'unknown_event_type');
    case 'oversized':
      return json(
        jsonEvent(base, now, { payload: { good: 1, product: 'x'.repeat(MAX_BYTES + (spec.cut % 1_000)) } }),
        'oversized',
      );
    case 'bad_content_type':
      return {
        ...json(jsonEvent(base, now)),
        headers: { [HeaderNames.ContentType]: 'text/csv' },
        expect: { outcome: 'dead_lettered', reason: 'unsupported_content_type' },
      };
  }
}
