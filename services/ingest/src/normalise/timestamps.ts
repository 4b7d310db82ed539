import { reject } from './rejection';

// RFC 3339 date-time. The offset is mandatory: a plant-local time without one is ambiguous
// (twice a year it names two instants), so it is refused rather than guessed.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})$/;

/** Parses an RFC 3339 timestamp with an explicit offset into the UTC instant it names; undefined if it is not one. */
export function parseOffsetTimestamp(text: string): Date | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ?? '';
  const zone = m[8] as string;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const localMs = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    second,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  // Date.UTC rolls 31 February over into March; a calendar-invalid date is refused instead.
  const check = new Date(localMs);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return new Date(localMs - offsetMinutes(zone) * 60_000);
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** The parsed instant, or an IngestRejection naming the field. */
export function requireTimestamp(text: string, field: string, sourceEventId?: string): Date {
  const parsed = parseOffsetTimestamp(text);
  if (!parsed) {
    reject(
      'schema_invalid',
      `${field} "${text.slice(0, 64)}" is not an RFC 3339 timestamp with an offset (e.g. 2026-11-24T07:15:00+01:00)`,
      sourceEventId,
    );
  }
  return parsed;
}

/**
 * Refuses an occurred_at further than maxSkewMs from the reference time (when the record
 * was first received), in either direction: a future time is a wrong source clock, a
 * very old one a wrong clock or a replayed archive that must not look live.
 */
export function assertWithinSkew(
  occurredAt: Date,
  reference: Date,
  maxSkewMs: number,
  sourceEventId?: string,
): void {
  const deltaMs = occurredAt.getTime() - reference.getTime();
  if (Math.abs(deltaMs) <= maxSkewMs) return;
  const direction = deltaMs > 0 ? 'ahead of' : 'behind';
  reject(
    'timestamp_skew',
    `occurred_at ${occurredAt.toISOString()} is ${Math.abs(deltaMs)} ms ${direction} the receive time ${reference.toISOString()} (allowed skew ${maxSkewMs} ms)`,
    sourceEventId,
  );
}
