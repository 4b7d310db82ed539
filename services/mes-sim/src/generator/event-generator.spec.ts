import { PlantState } from '../plant/plant-state';
import { EventGenerator, offsetTime } from './event-generator';
import { Rng } from './rng';
import { SIM_PLANT } from '../test-support/test-plant';

function run(seed: number, minutes: number) {
  const state = new PlantState(SIM_PLANT);
  const gen = new EventGenerator(state, new Rng(seed));
  const start = Date.parse('2026-11-24T06:00:00Z');
  const out = [];
  for (let m = 0; m < minutes; m++) out.push(...gen.tick(new Date(start + m * 60_000)));
  return out;
}

describe('EventGenerator', () => {
  it('is deterministic for a seed', () => {
    const a = run(11, 60).map((m) => m.value.toString());
    const b = run(11, 60).map((m) => m.value.toString());
    expect(a).toEqual(b);
  });

  it('covers every source system and includes malformed records over a shift', () => {
    const messages = run(5, 480);
    const topics = new Set(messages.map((m) => m.topic));
    expect([...topics].sort()).toEqual([
      'andon.raw.cmms.v1',
      'andon.raw.erp.v1',
      'andon.raw.historian.v1',
      'andon.raw.mes.v1',
      'andon.raw.qms.v1',
    ]);
    const undecodable = messages.filter((m) => {
      try {
        JSON.parse(m.value.toString());
        return false;
      } catch {
        return true;
      }
    });
    expect(undecodable.length).toBeGreaterThan(0);
    const types = new Set(
      messages.flatMap((m) => {
        try {
          return [(JSON.parse(m.value.toString()) as { eventType: string }).eventType];
        } catch {
          return [];
        }
      }),
    );
    for (const t of [
      'production_count',
      'downtime_start',
      'machine_alarm',
      'quality_check',
      'historian_reading',
      'operator_note',
    ])
      expect(types).toContain(t);
  });

  it('closes every NCR it raised with a CLOSED update of the same ncrId 2 to 30 simulated hours later', () => {
    type Ncr = {
      eventType: string;
      occurredAt: string;
      location: { site: string; line: string };
      payload: { ncrId: string; status: string; lotIds: string[] };
    };
    const ncrs = run(7, 3 * 24 * 60).flatMap((m): Ncr[] => {
      try {
        const e = JSON.parse(m.value.toString()) as Ncr;
        return e.eventType === 'nonconformance' ? [e] : [];
      } catch {
        return [];
      }
    });
    const raised = new Map(ncrs.filter((e) => e.payload.status === 'OPEN').map((e) => [e.payload.ncrId, e]));
    const closed = ncrs.filter((e) => e.payload.status === 'CLOSED');
    expect(ncrs.every((e) => e.payload.status === 'OPEN' || e.payload.status === 'CLOSED')).toBe(true);
    expect(closed.length).toBeGreaterThan(0);
    expect(new Set(closed.map((e) => e.payload.ncrId)).size).toBe(closed.length);
    for (const close of closed) {
      const open = raised.get(close.payload.ncrId);
      expect(open).toBeDefined();
      expect(close.location).toEqual(open?.location);
      expect(close.payload.lotIds).toEqual(open?.payload.lotIds);
      const hours = (Date.parse(close.occurredAt) - Date.parse(open?.occurredAt ?? '')) / 3_600_000;
      expect(hours).toBeGreaterThanOrEqual(2);
      expect(hours).toBeLessThanOrEqual(30);
    }
    // Raised in the last 30 hours may still be open; every earlier one has closed.
    const end = Date.parse('2026-11-24T06:00:00Z') + 3 * 24 * 60 * 60_000;
    const stillOpen = [...raised.values()].filter(
      (e) => !closed.some((c) => c.payload.ncrId === e.payload.ncrId),
    );
    for (const e of stillOpen) expect(end - Date.parse(e.occurredAt)).toBeLessThan(30 * 3_600_000 + 60_000);
  });

  it('keys every message by site/line', () => {
    for (const m of run(3, 30)) expect(m.key).toMatch(/^plant-[ab]\/line-\d$/);
  });

  it('writes local time with the site offset', () => {
    const t = new Date('2026-11-24T06:00:00Z');
    expect(offsetTime(t, SIM_PLANT[0] as (typeof SIM_PLANT)[number])).toBe('2026-11-24T07:00:00+01:00');
    expect(offsetTime(t, SIM_PLANT[1] as (typeof SIM_PLANT)[number])).toBe('2026-11-24T01:00:00-05:00');
  });
});
