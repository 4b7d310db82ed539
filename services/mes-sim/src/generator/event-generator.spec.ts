import { PlantState } from '../plant/plant-state';
import { EventGenerator, offsetTime } from './event-generator';
import { Rng } from './rng';
import { PLANT } from '../plant/plant-seed';

function run(seed: number, minutes: number) {
  const state = new PlantState();
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
    expect([...topics].sort()).toEqual(['andon.raw.cmms.v1', 'andon.raw.erp.v1', 'andon.raw.historian.v1', 'andon.raw.mes.v1', 'andon.raw.qms.v1']);
    const undecodable = messages.filter((m) => {
      try {
        JSON.parse(m.value.toString());
        return false;
      } catch {
        return true;
      }
    });
    expect(undecodable.length).toBeGreaterThan(0);
    const types = new Set(messages.flatMap((m) => { try { return [(JSON.parse(m.value.toString()) as { eventType: string }).eventType]; } catch { return []; } }));
    for (const t of ['production_count', 'downtime_start', 'machine_alarm', 'quality_check', 'historian_reading', 'operator_note']) expect(types).toContain(t);
  });

  it('keys every message by site/line', () => {
    for (const m of run(3, 30)) expect(m.key).toMatch(/^plant-[ab]\/line-\d$/);
  });

  it('writes local time with the site offset', () => {
    const t = new Date('2026-11-24T06:00:00Z');
    expect(offsetTime(t, PLANT[0] as (typeof PLANT)[number])).toBe('2026-11-24T07:00:00+01:00');
    expect(offsetTime(t, PLANT[1] as (typeof PLANT)[number])).toBe('2026-11-24T01:00:00-05:00');
  });
});
