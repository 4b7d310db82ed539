import type { FactKind } from '@andon/service-plant-query/bench';

/**
 * A mes-sim-like plant history written as the plant-query projector stores it (one fact
 * per event, site/area/line/cell/shift/local day computed once), generated in batches so
 * a million events never sit in memory at once. Projecting through the projector would
 * store the same documents; it is skipped only because decoding a million protobufs
 * measures ingest, not asking.
 */
export const ASK_NOW = Date.parse('2025-03-05T12:00:00Z');
export const SITE_OF_LINE: Record<string, string> = {
  'line-1': 'plant-a',
  'line-2': 'plant-a',
  'line-3': 'plant-b',
  'line-4': 'plant-b',
  'line-5': 'plant-a',
  'line-6': 'plant-b',
  'line-7': 'plant-a',
  'line-8': 'plant-b',
};
export const ZONES: Record<string, string> = { 'plant-a': 'Europe/Berlin', 'plant-b': 'America/New_York' };
const OFFSET_H: Record<string, number> = { 'plant-a': 1, 'plant-b': -5 };
const LINES = Object.keys(SITE_OF_LINE);
const REASONS = [
  'mechanical_failure',
  'electrical_failure',
  'changeover',
  'starved',
  'blocked',
  'material_shortage',
];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const SUPPLIERS = ['ResinWorks GmbH', 'Acme Plastics', 'Additiva AG'];
const MATERIALS = ['RESIN-PX', 'PIGMENT-BLK', 'ADDITIVE-UV'];

/** Share of events per kind (sums to 1), roughly what mes-sim emits. */
const MIX: Array<[FactKind, number]> = [
  ['production', 0.5],
  ['alarm', 0.2],
  ['quality', 0.15],
  ['downtime', 0.1],
  ['lot', 0.04],
  ['ncr', 0.01],
];

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

export type FactDoc = Record<string, unknown> & { _id: string };

/** Yields [kind, facts] batches: `total` events spread evenly over `days` before ASK_NOW on 8 lines. */
export function* askHistory(
  total: number,
  days: number,
  batch = 20_000,
): Generator<Array<[FactKind, FactDoc]>> {
  const rnd = prng(42);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const span = days * 86_400_000;
  const step = span / total;
  let out: Array<[FactKind, FactDoc]> = [];
  for (let i = 0; i < total; i++) {
    const atMs = Math.floor(ASK_NOW - span + i * step);
    const line = LINES[i % LINES.length] as string;
    const site = SITE_OF_LINE[line] as string;
    const local = new Date(atMs + (OFFSET_H[site] ?? 0) * 3_600_000);
    const hour = local.getUTCHours();
    const base = {
      _id: `e${i}`,
      eventId: `e${i}`,
      site,
      area: `area-${line}`,
      line,
      cell: '',
      shift: hour >= 6 && hour < 14 ? 'A' : hour >= 14 && hour < 22 ? 'B' : 'C',
      day: local.toISOString().slice(0, 10),
      atMs,
    };
    let r = rnd();
    const kind = (MIX.find(([, share]) => (r -= share) < 0) ?? MIX[0])[0] as FactKind;
    switch (kind) {
      case 'production':
        // One product per line per local day, as mes-sim runs a work order at a time.
        out.push([
          kind,
          {
            ...base,
            product: `PX-${100 * (1 + ((Math.floor(atMs / 86_400_000) + (i % LINES.length)) % 5))}`,
            lotId: '',
            workOrderId: 'WO-1',
            machineId: `${line}-m1`,
            good: int(20, 120),
            scrap: int(0, 9),
          },
        ]);
        break;
      case 'alarm':
        out.push([
          kind,
          {
            ...base,
            machineId: `${line}-m1`,
            alarmCode: `E-${int(100, 130)}`,
            severity: SEVERITIES[int(0, 3)],
            message: 'bench',
          },
        ]);
        break;
      case 'quality':
        out.push([
          kind,
          {
            ...base,
            checkId: `c${i}`,
            characteristic: 'width',
            product: `PX-${100 * int(1, 5)}`,
            lotId: '',
            passed: rnd() > 0.1,
          },
        ]);
        break;
      case 'downtime': {
        const minutes = int(2, 60);
        out.push([
          kind,
          {
            ...base,
            machineId: `${line}-m1`,
            downtimeId: `d${i}`,
            reason: REASONS[int(0, REASONS.length - 1)],
            reasonCode: 'X',
            startMs: atMs,
            endMs: atMs + minutes * 60_000,
          },
        ]);
        break;
      }
      case 'lot': {
        const material = MATERIALS[int(0, 2)] as string;
        out.push([
          kind,
          {
            ...base,
            lotId: `LOT-${i}`,
            material,
            materialClass: material.split('-')[0]?.toLowerCase(),
            supplier: SUPPLIERS[int(0, 2)],
            state: 'available',
            quantity: 500,
          },
        ]);
        break;
      }
      case 'ncr':
        out.push([
          kind,
          {
            ...base,
            ncrId: `NCR-${i}`,
            category: 'dimensional',
            severity: 'major',
            product: 'PX-100',
            supplier: SUPPLIERS[int(0, 2)],
            lotIds: [],
            quantityAffected: 10,
          },
        ]);
        break;
    }
    if (out.length >= batch) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
