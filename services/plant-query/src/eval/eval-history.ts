import {
  AlarmSeverity,
  AlarmState,
  DowntimeReason,
  NonconformanceStatus,
  type PlantEvent,
} from '@andon/contracts';
import { alarm, check, count, genealogy, materialLot, ncr, stop } from '../test-support/plant-events';

/** Same instant as the hand-worked seeded history: Wednesday 2025-03-05 12:00Z. */
export const EVAL_NOW = new Date('2025-03-05T12:00:00Z');
/** History starts before plant-a's "last week" (Mon 2025-02-24 00:00 Berlin = 2025-02-23T23:00Z). */
export const EVAL_START = new Date('2025-02-23T00:00:00Z');

export const EVAL_LINES = ['line-1', 'line-2', 'line-3', 'line-4'] as const;
export const EVAL_SUPPLIERS = ['ResinWorks GmbH', 'Acme Plastics', 'Additiva AG'] as const;
const MATERIALS = ['RESIN-PX', 'PIGMENT-BLK', 'ADDITIVE-UV'] as const;
const PRODUCTS: Record<string, readonly string[]> = {
  'line-1': ['PX-100', 'PX-200'],
  'line-2': ['PX-300'],
  'line-3': ['PX-100', 'PX-400'],
  'line-4': ['PX-500'],
};
const REASONS = [
  DowntimeReason.MECHANICAL_FAILURE,
  DowntimeReason.MECHANICAL_FAILURE,
  DowntimeReason.ELECTRICAL_FAILURE,
  DowntimeReason.CHANGEOVER,
  DowntimeReason.STARVED,
  DowntimeReason.BLOCKED,
  DowntimeReason.MATERIAL_SHORTAGE,
];
const SEVERITIES = [
  AlarmSeverity.LOW,
  AlarmSeverity.MEDIUM,
  AlarmSeverity.HIGH,
  AlarmSeverity.HIGH,
  AlarmSeverity.CRITICAL,
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** mulberry32: a fixed seed gives the same history on every run and every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A mes-sim-like week and a half of plant history for four lines on two sites: hourly
 * production counts, stops with canonical reasons, alarms (some cleared), quality checks,
 * NCRs (some updated, most closed hours to days later), material lots from three suppliers with genealogy. Times are
 * whole minutes, so expected minutes are exact.
 */
export function evalHistory(seed = 20250305): PlantEvent[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const start = EVAL_START.getTime();
  const end = EVAL_NOW.getTime();
  // Closures draw from their own stream, so adding them left every other event of the history as it was.
  const closing = prng(seed ^ 0x0c105ed);
  const events: PlantEvent[] = [];
  for (const line of EVAL_LINES) {
    const products = PRODUCTS[line] ?? ['PX-100'];
    for (let t = start + 30 * MINUTE, i = 0; t < end; t += HOUR, i += 1) {
      const product = products[Math.floor(i / 24) % products.length] as string;
      events.push(count(`${line}-c${i}`, line, iso(t), int(40, 200), int(0, 18), product));
    }
    // Stops: gaps of 1-5 h, durations 3-90 min, never overlapping on a line; a stop still open at now is left out.
    for (let t = start + int(30, 300) * MINUTE, i = 0; ; i += 1) {
      const to = t + int(3, 90) * MINUTE;
      if (to > end) break;
      events.push(...stop(`${line}-d${i}`, line, iso(t), iso(to), pick(REASONS)));
      t = to + int(60, 300) * MINUTE;
    }
    for (let t = start + int(10, 170) * MINUTE, i = 0; t < end; t += int(60, 240) * MINUTE, i += 1) {
      events.push(alarm(`${line}-a${i}`, line, iso(t), AlarmState.RAISED, pick(SEVERITIES)));
      if (rnd() < 0.3)
        events.push(
          alarm(`${line}-a${i}-clr`, line, iso(t + 5 * MINUTE), AlarmState.CLEARED, AlarmSeverity.HIGH),
        );
    }
    for (let t = start + 45 * MINUTE, i = 0; t < end; t += 2 * HOUR, i += 1)
      events.push(check(`${line}-q${i}`, line, iso(t), rnd() > 0.12));
    for (let t = start + int(120, 900) * MINUTE, i = 0; t < end; t += int(900, 2400) * MINUTE, i += 1) {
      const ncrId = `NCR-${line}-${i}`;
      events.push(ncr(`${line}-n${i}`, ncrId, line, iso(t)));
      // An update of the same NCR later on: still one NCR.
      if (rnd() < 0.4 && t + 6 * HOUR < end)
        events.push(ncr(`${line}-n${i}-u`, ncrId, line, iso(t + 6 * HOUR)));
      // Contained after 2 h (an update, not a raising), closed 7 to 60 h after raising; some are still open at now.
      const [contain, close, closeAfter] = [
        closing() < 0.3,
        closing() < 0.75,
        7 * HOUR + Math.floor(closing() * 53 * 60) * MINUTE,
      ];
      if (contain && t + 2 * HOUR < end)
        events.push(ncr(`${line}-n${i}-k`, ncrId, line, iso(t + 2 * HOUR), NonconformanceStatus.CONTAINED));
      if (close && t + closeAfter < end)
        events.push(ncr(`${line}-n${i}-x`, ncrId, line, iso(t + closeAfter), NonconformanceStatus.CLOSED));
    }
    for (let t = start + int(200, 400) * MINUTE, i = 0; t < end; t += int(600, 1500) * MINUTE, i += 1) {
      const lotId = `LOT-${line}-${i}`;
      events.push(materialLot(`${line}-m${i}`, line, iso(t), lotId, pick(EVAL_SUPPLIERS), pick(MATERIALS)));
      if (t + HOUR < end)
        events.push(genealogy(`${line}-g${i}`, line, iso(t + HOUR), lotId, `FG-${line}-${i}`));
    }
  }
  return events;
}
