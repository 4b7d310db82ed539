import { PlantModel, type PlantSite } from '@andon/plant-model';
import { simulatedPlant, type SiteSeed } from '../plant/plant-seed';
import { PlantState } from '../plant/plant-state';
import { PLANT_MODEL } from '../test-support/test-plant';
import { EventGenerator } from './event-generator';
import type { RawPlantEventJson } from './raw-event';
import { Rng } from './rng';
import { shiftEndedBy } from './shift-calendar';

const MINUTE = 60_000;

/** Every shift_end the generator emits minute by minute over [from, from + minutes). */
function shiftEnds(sites: readonly SiteSeed[], from: string, minutes: number): RawPlantEventJson[] {
  const gen = new EventGenerator(new PlantState(sites), new Rng(1), 0);
  const since = new Date(from);
  const out: RawPlantEventJson[] = [];
  for (let m = 0; m < minutes; m++)
    for (const msg of gen.shiftEnds(new Date(since.getTime() + m * MINUTE), since))
      out.push(JSON.parse(msg.value.toString()) as RawPlantEventJson);
  return out;
}

describe("shift ends follow each site's pattern in the plant model", () => {
  const sim = simulatedPlant(PLANT_MODEL);

  it('ends shifts at 06:00 and 14:00 local time in Berlin and in New York, once each', () => {
    // 2026-11-24 04:30Z .. 19:30Z: Berlin is UTC+1, New York UTC-5.
    const ends = shiftEnds(sim, '2026-11-24T04:30:00Z', 15 * 60);
    const at = (site: string) =>
      ends
        .filter(
          (e) => e.location.site === site && e.location.line === (site === 'plant-a' ? 'line-1' : 'line-3'),
        )
        .map((e) => [e.payload['shiftCode'], e.payload['shiftStart'], e.payload['shiftEnd']]);
    expect(at('plant-a')).toEqual([
      // The first shift is reported from the first simulated minute, not from before it.
      ['C', '2026-11-24T05:30:00+01:00', '2026-11-24T06:00:00+01:00'],
      ['A', '2026-11-24T06:00:00+01:00', '2026-11-24T14:00:00+01:00'],
    ]);
    expect(at('plant-b')).toEqual([
      ['C', '2026-11-23T23:30:00-05:00', '2026-11-24T06:00:00-05:00'],
      ['A', '2026-11-24T06:00:00-05:00', '2026-11-24T14:00:00-05:00'],
    ]);
    // One shift end per line of the site at each change.
    expect(ends.filter((e) => e.location.site === 'plant-a')).toHaveLength(4);
  });

  it('uses whatever pattern the model gives: two 12-hour shifts end at 07:00 and 19:00 local', () => {
    const plantA = PLANT_MODEL.site('plant-a') as PlantSite;
    const twelve = new PlantModel(
      [
        {
          ...plantA,
          shifts: [
            { code: 'D', startMinute: 7 * 60, hours: 12 },
            { code: 'N', startMinute: 19 * 60, hours: 12 },
          ],
        },
      ],
      'two-shifts',
    );
    const ends = shiftEnds(simulatedPlant(twelve), '2026-11-24T00:00:00Z', 24 * 60).filter(
      (e) => e.location.line === 'line-1',
    );
    expect(ends.map((e) => [e.payload['shiftCode'], e.payload['shiftEnd']])).toEqual([
      ['N', '2026-11-24T07:00:00+01:00'],
      ['D', '2026-11-24T19:00:00+01:00'],
    ]);
  });

  it('finds a change of shift between two ticks that are not on the minute', () => {
    const site = sim[0] as SiteSeed;
    // 05:00:30Z is 06:00:30 in Berlin: shift C ended 30 s before.
    expect(shiftEndedBy(site, new Date('2026-11-24T05:00:30Z'))).toMatchObject({
      shift: { code: 'C' },
      endedAt: new Date('2026-11-24T05:00:00Z'),
      startedAt: new Date('2026-11-23T21:00:00Z'),
    });
    expect(shiftEndedBy(site, new Date('2026-11-24T05:01:00Z'))).toBeUndefined();
  });
});
