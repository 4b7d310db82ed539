import { downtimeMinutes } from '@andon/plant-metrics';
import { asStops, downtimeIntervals, downtimePareto } from '../downtime-intervals';

const t = (min: number) => Date.parse('2025-03-03T06:00:00Z') + min * 60_000;

it('overlapping stops on two machines count once for availability but each in the Pareto; stops are clipped to the shift', () => {
  const intervals = downtimeIntervals(
    [
      // began before the shift: only the part inside counts
      { kind: 'downtime_start', at: t(-30), machineId: 'm1', reason: 'changeover', eventId: 's0' },
      { kind: 'downtime_end', at: t(10), machineId: 'm1', eventId: 'e0' },
      { kind: 'downtime_start', at: t(100), machineId: 'm1', reason: 'mechanical_failure', eventId: 's1' },
      { kind: 'downtime_start', at: t(110), machineId: 'm2', reason: 'material_shortage', eventId: 's2' },
      { kind: 'downtime_end', at: t(130), machineId: 'm1', eventId: 'e1' },
      { kind: 'downtime_end', at: t(120), machineId: 'm2', eventId: 'e2' },
      // end with its own started_at and no start seen
      {
        kind: 'downtime_end',
        at: t(200),
        startedAt: t(195),
        machineId: 'm3',
        reason: 'no_operator',
        eventId: 'e3',
      },
      // still down at shift end
      { kind: 'downtime_start', at: t(470), machineId: 'm2', reason: 'mechanical_failure', eventId: 's4' },
    ],
    t(0),
    t(480),
  );
  expect(intervals.map((i) => [i.machineId, i.reason, (i.end - i.start) / 60_000, i.open])).toEqual([
    ['m1', 'changeover', 10, false],
    ['m1', 'mechanical_failure', 30, false],
    ['m2', 'material_shortage', 10, false],
    ['m3', 'no_operator', 5, false],
    ['m2', 'mechanical_failure', 10, true],
  ]);
  expect(downtimeMinutes(asStops(intervals), { fromMs: t(0), toMs: t(480) })).toBe(10 + 30 + 5 + 10);
  expect(downtimePareto(intervals)).toEqual([
    { reason: 'mechanical_failure', minutes: 40 },
    { reason: 'changeover', minutes: 10 },
    { reason: 'material_shortage', minutes: 10 },
    { reason: 'no_operator', minutes: 5 },
  ]);
});
