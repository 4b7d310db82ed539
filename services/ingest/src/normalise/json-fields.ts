import { z } from 'zod';
import { parseOffsetTimestamp } from './timestamps';

/** Zod building blocks for the raw JSON format (docs/raw-events.md). */

export const text = z.string().max(4096);
export const optText = text.optional();
export const id = z.string().trim().min(1).max(256);
export const optId = z.string().trim().max(256).optional();
/** zod 4 numbers are finite: NaN and Infinity are schema violations. */
export const quantity = z.number();
export const nonNegative = z.number().nonnegative();

/** RFC 3339 with an offset -> Date (UTC instant). */
export const timestamp = z.string().transform((value, ctx) => {
  const parsed = parseOffsetTimestamp(value);
  if (parsed) return parsed;
  ctx.addIssue({
    code: 'custom',
    message: `"${value.slice(0, 64)}" is not an RFC 3339 timestamp with an offset`,
  });
  return z.NEVER;
});

type EnumObject = Record<string, string | number>;

/**
 * A proto enum by name: "HIGH", "high" or the full proto JSON name "ALARM_SEVERITY_HIGH";
 * numbers are accepted too. UNSPECIFIED and UNRECOGNIZED are refused: a value the
 * source sends must mean something.
 */
export function protoEnum(values: EnumObject, prefix: string) {
  return z.union([z.string(), z.number().int()]).transform((value, ctx): number => {
    let name: string | undefined;
    if (typeof value === 'number') {
      const byNumber = values[value];
      name = typeof byNumber === 'string' ? byNumber : undefined;
    } else {
      const upper = value
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_');
      name = upper.startsWith(prefix) ? upper.slice(prefix.length) : upper;
    }
    const resolved = name === undefined ? undefined : values[name];
    if (typeof resolved === 'number' && resolved > 0) return resolved;
    const allowed = Object.keys(values).filter(
      (k) => typeof values[k] === 'number' && (values[k] as number) > 0,
    );
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not one of ${allowed.join(', ')}` });
    return z.NEVER;
  });
}

/** First defined value among aliases (the simulator's names and the proto's names). */
export function either<T>(...values: Array<T | undefined>): T | undefined {
  return values.find((v) => v !== undefined);
}
