import { PlantState } from '../plant/plant-state';
import { SIM_PLANT } from '../test-support/test-plant';
import { EventGenerator } from './event-generator';
import type { RawPlantEventJson } from './raw-event';
import { Rng } from './rng';
import { SeededScenario } from './seeded-scenario';

const START = Date.parse('2026-11-24T06:00:00Z');

function run(scenario: boolean, minutes = 240): RawPlantEventJson[] {
  const gen = new EventGenerator(
    new PlantState(SIM_PLANT),
    new Rng(42),
    0,
    'r1',
    scenario ? new SeededScenario('r1') : undefined,
  );
  const out: RawPlantEventJson[] = [];
  for (let m = 0; m < minutes; m++) {
    for (const msg of gen.tick(new Date(START + m * 60_000)))
      out.push(JSON.parse(msg.value.toString()) as RawPlantEventJson);
  }
  return out;
}

const minuteOf = (e: RawPlantEventJson) => Math.floor((Date.parse(e.occurredAt) - START) / 60_000);

describe('the seeded scenario', () => {
  const events = run(true);
  const of = (type: string) => events.filter((e) => e.eventType === type);

  it('skips step 2 of SOP-A-014 in one work order and swaps steps 3 and 4 in another', () => {
    const steps = of('procedure_step_completed').map((e) => ({
      wo: e.payload['workOrderId'],
      step: e.payload['stepNumber'],
      doc: `${String(e.payload['documentId'])} rev ${String(e.payload['revision'])}`,
    }));
    expect(new Set(steps.map((s) => s.doc))).toEqual(new Set(['SOP-A-014 rev C']));
    expect(steps.filter((s) => s.wo === 'WO-JAM-r1-1').map((s) => s.step)).toEqual([1, 3, 4]);
    expect(steps.filter((s) => s.wo === 'WO-JAM-r1-2').map((s) => s.step)).toEqual([1, 2, 4, 3]);
  });

  it('raises a burst of six jam alarms on one press within a minute', () => {
    const burst = of('machine_alarm').filter(
      (e) => e.payload['machineId'] === 'a-l1-m2' && e.payload['alarmCode'] === 'A-400' && minuteOf(e) === 25,
    );
    expect(burst).toHaveLength(6);
  });

  it('links one resin lot to two lots and raises an NCR on one of them', () => {
    const links = of('batch_genealogy_link');
    expect(links.map((e) => e.payload['parentLotId'])).toEqual(['RESIN-r1-7781', 'RESIN-r1-7781']);
    const children = links.map((e) => e.payload['childLotId']);
    const ncr = of('nonconformance').find((e) => e.payload['ncrId'] === 'NCR-A-r1-S1');
    expect(ncr?.payload['lotIds']).toEqual([children[0]]);
    expect(children[1]).not.toEqual(children[0]);
  });

  it('scraps 14 % of plant-a/line-2 output from minute 70 to 130 and little before', () => {
    const counts = of('production_count').filter(
      (e) => e.location.site === 'plant-a' && e.location.line === 'line-2',
    );
    const rate = (from: number, to: number) => {
      const inWindow = counts.filter((e) => minuteOf(e) >= from && minuteOf(e) < to);
      const scrap = inWindow.reduce((s, e) => s + Number(e.payload['scrap']), 0);
      const good = inWindow.reduce((s, e) => s + Number(e.payload['good']), 0);
      return { rate: scrap / (scrap + good), units: scrap + good };
    };
    // The production agent calls >= 5 % over >= 200 units in 60 minutes a spike.
    expect(rate(70, 130).rate).toBeGreaterThan(0.1);
    expect(rate(70, 130).units).toBeGreaterThan(200);
    expect(rate(0, 60).rate).toBeLessThan(0.05);
  });

  it('pulls in a work order on plant-b/line-3 and reports its material short', () => {
    const order = of('work_order_status').find((e) => e.location.line === 'line-3');
    const change = of('schedule_change').find(
      (e) => e.payload['workOrderId'] === order?.payload['workOrderId'],
    );
    const short = of('material_status').find(
      (e) => e.payload['workOrderId'] === order?.payload['workOrderId'],
    );
    expect(Date.parse(String(change?.payload['newDueAt']))).toBeLessThan(
      Date.parse(String(change?.payload['oldDueAt'])),
    );
    expect(short?.payload['status']).toBe('SHORT');
  });

  it('leaves the random plant as it was: the other lines count exactly what they count without it', () => {
    const plain = run(false).filter(
      (e) => e.eventType === 'production_count' && e.location.line !== 'line-2',
    );
    const scripted = events.filter((e) => e.eventType === 'production_count' && e.location.line !== 'line-2');
    expect(scripted.map((e) => e.payload)).toEqual(plain.map((e) => e.payload));
  });
});
