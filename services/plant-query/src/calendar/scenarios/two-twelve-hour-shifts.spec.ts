import { DowntimeReason } from '@andon/contracts';
import type { Principal } from '@andon/governance/auth';
import { PlantModel } from '@andon/plant-model';
import { stop } from '../../test-support/plant-events';
import { seededStore, type SeededStore } from '../../test-support/seeded-store';

// plant-c runs two 12-hour shifts, D 06:00-18:00 and N 18:00-06:00 Chicago time (UTC-6 in March),
// as its plant model says. Asked Wed 2025-03-05 08:00 local = 14:00Z.
const PLANT = PlantModel.fromFiles(
  [
    {
      site: 'plant-c',
      timeZone: 'America/Chicago',
      shifts: [
        { code: 'D', start: '06:00', hours: 12 },
        { code: 'N', start: '18:00', hours: 12 },
      ],
      lines: { 'line-9': { area: 'packing', idealRatePerMinute: 50, machines: {} } },
    },
  ],
  'two-twelve-hour-shifts.spec.ts',
);
const NOW = new Date('2025-03-05T14:00:00Z');
const supervisor: Principal = {
  userId: 'u-c',
  name: 'Chris',
  roles: ['production_supervisor'],
  sites: ['PLANT-C'], // a token's spelling; normalised once at the service's edge
};

describe('a site on two 12-hour shifts answers by its own pattern', () => {
  let seeded: SeededStore;
  beforeAll(async () => {
    seeded = await seededStore(
      [
        // Tue 14:00-14:45 local: day shift D of Tuesday.
        ...stop('c-1', 'line-9', '2025-03-04T20:00:00Z', '2025-03-04T20:45:00Z', DowntimeReason.CHANGEOVER),
        // Tue 19:00-19:30 local: the night shift N (a 3 x 8 h calendar calls it B, not the night).
        ...stop('c-2', 'line-9', '2025-03-05T01:00:00Z', '2025-03-05T01:30:00Z', DowntimeReason.BLOCKED),
        // Tue 23:00-23:20 local: night shift N.
        ...stop('c-3', 'line-9', '2025-03-05T05:00:00Z', '2025-03-05T05:20:00Z', DowntimeReason.STARVED),
      ],
      { plant: PLANT, now: NOW },
    );
  });
  afterAll(() => seeded.close());

  const ask = (question: string) => seeded.service.ask(question, supervisor);

  it('"last night" is N, Tue 18:00 -> Wed 06:00 local, with both night stops', async () => {
    const a = await ask('How much downtime did line 9 have last night?');
    expect(a.refusal).toBeUndefined();
    expect(a.windows['plant-c']).toMatchObject({
      from: '2025-03-05T00:00:00.000Z',
      to: '2025-03-05T12:00:00.000Z',
    });
    expect(a.total?.value).toBe(30 + 20);
  });

  it('"shift D yesterday" is Tuesday 06:00-18:00 local', async () => {
    const a = await ask('downtime on line 9 in shift D yesterday');
    expect(a.windows['plant-c']).toMatchObject({
      from: '2025-03-04T12:00:00.000Z',
      to: '2025-03-05T00:00:00.000Z',
    });
    expect(a.total?.value).toBe(45);
  });

  it('"last shift" and "current shift" follow the 12-hour boundaries', async () => {
    expect((await ask('downtime on line 9 last shift')).windows['plant-c']).toMatchObject({
      from: '2025-03-05T00:00:00.000Z',
      to: '2025-03-05T12:00:00.000Z',
    });
    expect((await ask('downtime on line 9 this shift')).windows['plant-c']).toMatchObject({
      from: '2025-03-05T12:00:00.000Z',
      to: '2025-03-05T14:00:00.000Z',
    });
  });

  it('stores each stop under the shift it started in, by the site pattern', async () => {
    const facts = await seeded.repo.facts('downtime').find(['plant-c'], {}, { sort: { atMs: 1 } });
    expect(facts.map((f) => [f.downtimeId, f.shift])).toEqual([
      ['c-1', 'D'],
      ['c-2', 'N'],
      ['c-3', 'N'],
    ]);
    const byShift = await ask('downtime on line 9 by shift in the last 24 hours');
    expect(byShift.rows.map((r) => [r.key['shift'], r.value])).toEqual([
      ['N', 50],
      ['D', 45],
    ]);
  });

  it('refuses a shift the site does not have, naming the ones it has', async () => {
    const a = await ask('downtime on line 9 in shift B');
    expect(a.answerable).toBe(false);
    expect(a.refusal).toEqual({
      code: 'unknown-shift',
      message: 'plant-c has no shift B; its shifts are D, N',
    });
  });
});
