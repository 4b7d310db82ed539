import type { LineFact } from '../facts/line-fact';
import type { DowntimeInterval } from '../oee/downtime-intervals';
import type { Spike } from './spike';

/** A candidate driver of a spike with how strongly the data ties it to the spike (0..1). */
export interface DriverCandidate {
  key: string;
  /** `<system>-<record>`, e.g. `mes-lot`, `supplier-lot`, `cmms-work-order`; the root-cause use case reads the system from it. */
  kind: string;
  driver: string;
  strength: number;
  description: string;
  eventIds: string[];
}

export interface RankingInput {
  spike: Spike;
  /** counts, alarms and NCRs on the line in the spike window */
  window: LineFact[];
  /** counts, maintenance, labour and NCRs on the line in the lookback before the window end */
  lookback: LineFact[];
  /** material and NCR facts naming the window's lots, any line of the site (lot to supplier) */
  lotFacts: LineFact[];
  stops: DowntimeInterval[];
  lookbackHours: number;
}

const HOUR = 3_600_000;
const round2 = (n: number) => Math.round(n * 100) / 100;
const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
const CLOSED = new Set(['completed', 'cancelled']);

/**
 * Heuristic, explainable correlation: each candidate's strength is the share of the spike
 * it accounts for (scrap by lot and supplier, stop minutes by reason, alarms by code), or
 * a fixed weight for contextual evidence (recent maintenance, crews on shift, NCRs),
 * decaying with distance in time. It ranks what to look at first; engineering confirms
 * causality.
 */
export function rankDrivers(input: RankingInput, limit = 8): DriverCandidate[] {
  const { spike } = input;
  const out: DriverCandidate[] = [];
  const counts = input.window.filter((f) => f.kind === 'count');
  const lotStrength = new Map<string, number>();

  if (spike.kind === 'scrap') {
    const totalScrap = counts.reduce((s, c) => s + (c.scrap ?? 0), 0);
    for (const [lot, facts] of groupBy(counts, (c) => c.lotId || '')) {
      if (!lot) continue;
      const scrap = facts.reduce((s, c) => s + (c.scrap ?? 0), 0);
      const total = facts.reduce((s, c) => s + (c.scrap ?? 0) + (c.good ?? 0), 0);
      if (scrap === 0 || totalScrap === 0) continue;
      const share = scrap / totalScrap;
      lotStrength.set(lot, share);
      out.push({
        key: `lot:${lot}`,
        kind: 'mes-lot',
        driver: `lot ${lot}`,
        strength: round2(share),
        description: `lot ${lot} produced ${scrap} of the ${totalScrap} scrapped units in the window (scrap rate ${pct(scrap / total)})`,
        eventIds: facts.filter((c) => (c.scrap ?? 0) > 0).map((c) => c.eventId),
      });
    }
  } else {
    const totalUnits = counts.reduce((s, c) => s + (c.good ?? 0) + (c.scrap ?? 0), 0);
    for (const [lot, facts] of groupBy(counts, (c) => c.lotId || '')) {
      if (!lot || totalUnits === 0) continue;
      const share = facts.reduce((s, c) => s + (c.good ?? 0) + (c.scrap ?? 0), 0) / totalUnits;
      lotStrength.set(lot, share * 0.3);
      out.push({
        key: `lot:${lot}`,
        kind: 'mes-lot',
        driver: `lot ${lot}`,
        strength: round2(share * 0.3),
        description: `lot ${lot} was running during the stops (${pct(share)} of the window's output)`,
        eventIds: [facts[0]?.eventId ?? ''],
      });
    }
    const totalMinutes = input.stops.reduce((s, i) => s + (i.end - i.start), 0);
    for (const [reason, stops] of groupBy(input.stops, (i) => i.reason)) {
      const minutes = stops.reduce((s, i) => s + (i.end - i.start), 0);
      if (totalMinutes === 0) continue;
      const machines = [...new Set(stops.map((s) => s.machineId).filter(Boolean))];
      out.push({
        key: `stop:${reason}`,
        kind: 'mes-downtime',
        driver: `stops for ${reason.replace(/_/g, ' ')}`,
        strength: round2(minutes / totalMinutes),
        description: `${reason.replace(/_/g, ' ')} stopped the line for ${Math.round(minutes / 60_000)} of ${Math.round(totalMinutes / 60_000)} minutes${machines.length ? ` on ${machines.join(', ')}` : ''}`,
        eventIds: stops.flatMap((s) => s.eventIds),
      });
    }
  }

  const supplierOf = new Map<string, { supplier: string; eventId: string }>();
  for (const f of input.lotFacts)
    if (f.lotId && f.supplier && f.supplier !== 'unknown')
      supplierOf.set(f.lotId, { supplier: f.supplier, eventId: f.eventId });
  const bySupplier = new Map<string, { strength: number; lots: string[]; eventIds: string[] }>();
  for (const [lot, strength] of lotStrength) {
    const s = supplierOf.get(lot);
    if (!s) continue;
    const entry = bySupplier.get(s.supplier) ?? { strength: 0, lots: [], eventIds: [] };
    entry.strength += strength;
    entry.lots.push(lot);
    entry.eventIds.push(s.eventId);
    bySupplier.set(s.supplier, entry);
  }
  for (const [supplier, e] of bySupplier) {
    out.push({
      key: `supplier:${supplier}`,
      kind: 'supplier-lot',
      driver: `supplier ${supplier}`,
      strength: round2(Math.min(1, e.strength)),
      description: `supplier ${supplier} supplied the material of lot ${e.lots.join(', ')}`,
      eventIds: e.eventIds,
    });
  }

  const alarms = input.window.filter((f) => f.kind === 'alarm' && f.state !== 'cleared');
  for (const [code, raised] of groupBy(alarms, (a) => `${a.ref ?? ''}@${a.machineId ?? ''}`)) {
    const [alarmCode, machine] = code.split('@');
    out.push({
      key: `alarm:${code}`,
      kind: 'mes-alarm',
      driver: `alarm ${alarmCode} on ${machine || 'the line'}`,
      strength: round2((0.5 * raised.length) / alarms.length),
      description: `alarm ${alarmCode} was raised ${raised.length} times on ${machine || 'the line'} in the window`,
      eventIds: raised.map((a) => a.eventId),
    });
  }

  const stoppedMachines = new Set(
    [...input.stops.map((s) => s.machineId), ...alarms.map((a) => a.machineId)].filter(Boolean),
  );
  const latestWorkOrder = new Map<string, LineFact>();
  for (const m of input.lookback.filter((f) => f.kind === 'maintenance'))
    latestWorkOrder.set(m.ref ?? m.eventId, m);
  for (const [ref, wo] of latestWorkOrder) {
    const hoursBefore = Math.max(0, (spike.to - wo.at) / HOUR);
    const recency = Math.max(0, 1 - hoursBefore / input.lookbackHours);
    const base = CLOSED.has(wo.state ?? '') ? 0.6 * recency : 0.4;
    const sameMachine = wo.machineId && stoppedMachines.has(wo.machineId) ? 0.2 : 0;
    out.push({
      key: `mwo:${ref}`,
      kind: 'cmms-work-order',
      driver: `maintenance work order ${ref}`,
      strength: round2(Math.min(1, base + sameMachine)),
      description: `maintenance work order ${ref} (${wo.state}) on ${wo.machineId || 'the line'} ${Math.round(hoursBefore * 10) / 10} hours before${wo.parts ? `, parts ${wo.parts}` : ''}${wo.text ? `: ${wo.text}` : ''}`,
      eventIds: [wo.eventId],
    });
  }

  const clockIns = input.lookback.filter((f) => f.kind === 'labour' && f.state === 'in' && f.crew);
  for (const [crew, ins] of groupBy(clockIns, (f) => f.crew ?? '')) {
    out.push({
      key: `crew:${crew}`,
      kind: 'mes-crew',
      driver: `crew ${crew}`,
      strength: round2((0.3 * ins.length) / clockIns.length),
      description: `crew ${crew} made ${ins.length} of the ${clockIns.length} clock-ins on the line before the spike`,
      eventIds: ins.map((f) => f.eventId),
    });
  }

  for (const ncr of input.lookback.filter((f) => f.kind === 'ncr')) {
    out.push({
      key: `ncr:${ncr.ref}`,
      kind: 'qms-ncr',
      driver: `NCR ${ncr.ref}`,
      strength: 0.4,
      description:
        `NCR ${ncr.ref} was raised on the line${ncr.lotId ? ` for lot ${ncr.lotId}` : ''}: ${ncr.text ?? ''}`.trim(),
      eventIds: [ncr.eventId],
    });
  }

  return out
    .filter((c) => c.strength > 0 && c.eventIds.some((id) => id !== ''))
    .sort((a, b) => b.strength - a.strength || a.key.localeCompare(b.key))
    .slice(0, limit);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}
