import { AlarmState, DowntimeReason, type PlantEvent } from '@andon/contracts';
import { alarm, check, count, genealogy, materialLot, ncr, stop } from './plant-events';

/**
 * A small plant history around NOW = Wednesday 2025-03-05 12:00Z (13:00 in Berlin, UTC+1;
 * 07:00 in New York, UTC-5). Every expected figure in the specs is worked out by hand
 * from the comments here, not by the code under test.
 */
export const NOW = new Date('2025-03-05T12:00:00Z');

export function seededHistory(): PlantEvent[] {
  return [
    // plant-b "last night" = shift C 22:00 Tue -> 06:00 Wed New York = 03:00Z -> 11:00Z.
    ...stop(
      'b3-1',
      'line-3',
      '2025-03-05T04:00:00Z',
      '2025-03-05T05:00:00Z',
      DowntimeReason.MECHANICAL_FAILURE,
    ), // 60 min
    ...stop('b3-2', 'line-3', '2025-03-05T02:30:00Z', '2025-03-05T03:20:00Z', DowntimeReason.CHANGEOVER), // 20 min inside
    ...stop('b3-3', 'line-3', '2025-03-05T10:30:00Z', '2025-03-05T11:30:00Z', DowntimeReason.BLOCKED), // 30 min inside
    ...stop('b4-1', 'line-4', '2025-03-05T05:00:00Z', '2025-03-05T05:10:00Z', DowntimeReason.STARVED), // other line
    ...stop(
      'b3-0',
      'line-3',
      '2025-03-04T20:00:00Z',
      '2025-03-04T20:30:00Z',
      DowntimeReason.MECHANICAL_FAILURE,
    ), // before the night
    // plant-a "this week" = Mon 2025-03-03 00:00 Berlin = 2025-03-02T23:00Z -> now.
    count('a1-c0', 'line-1', '2025-03-02T22:30:00Z', 1000, 1000), // Sunday 23:30 local: last week
    count('a1-c1', 'line-1', '2025-03-03T08:00:00Z', 900, 100),
    count('a1-c2', 'line-1', '2025-03-04T10:00:00Z', 450, 50),
    count('a1-c3', 'line-1', '2025-03-05T11:00:00Z', 95, 5),
    count('a2-c1', 'line-2', '2025-03-04T10:00:00Z', 100, 100), // other line
    // plant-b "yesterday" = Tue 00:00 -> Wed 00:00 New York = 2025-03-04T05:00Z -> 2025-03-05T05:00Z.
    alarm('b3-al1', 'line-3', '2025-03-04T06:00:00Z'),
    alarm('b4-al2', 'line-4', '2025-03-04T20:00:00Z'),
    alarm('b4-al3', 'line-4', '2025-03-04T20:05:00Z', AlarmState.CLEARED), // clears do not count
    alarm('b3-al4', 'line-3', '2025-03-05T06:00:00Z'), // today in New York
    alarm('b3-al5', 'line-3', '2025-03-04T04:00:00Z'), // Monday evening in New York
    alarm('a1-al1', 'line-1', '2025-03-04T12:00:00Z'), // plant-a
    // plant-a lots this week: only LOT-R1 is ResinWorks resin this week.
    materialLot('a-m1', 'line-1', '2025-03-04T07:00:00Z', 'LOT-R1', 'ResinWorks GmbH'),
    materialLot('a-m2', 'line-1', '2025-03-04T07:05:00Z', 'LOT-R2', 'Polymer Supply Co'),
    materialLot('a-m3', 'line-1', '2025-02-26T07:00:00Z', 'LOT-R3', 'ResinWorks GmbH'), // last week
    genealogy('a-g1', 'line-1', '2025-03-04T09:00:00Z', 'LOT-R1', 'LOT-A1-00007'),
    // plant-a line-1 OEE window 07:00Z-08:00Z Wed: 10 min stop, 2700 good + 300 scrap at 60/min ideal.
    count('a1-oee', 'line-1', '2025-03-05T07:30:00Z', 2700, 300),
    ...stop(
      'a1-s1',
      'line-1',
      '2025-03-05T07:10:00Z',
      '2025-03-05T07:20:00Z',
      DowntimeReason.ELECTRICAL_FAILURE,
    ),
    // plant-a line-1 quality checks today (Berlin): 3 pass, 1 fail.
    check('a1-q1', 'line-1', '2025-03-05T07:00:00Z', true),
    check('a1-q2', 'line-1', '2025-03-05T08:00:00Z', true),
    check('a1-q3', 'line-1', '2025-03-05T09:00:00Z', false),
    check('a1-q4', 'line-1', '2025-03-05T10:00:00Z', true),
    check('a1-q0', 'line-1', '2025-03-04T22:30:00Z', false), // 23:30 Tue Berlin: yesterday
    // plant-a NCRs this week: NCR-1 raised then updated (still one NCR), NCR-2.
    ncr('a-n1', 'NCR-1', 'line-1', '2025-03-03T09:00:00Z'),
    ncr('a-n1b', 'NCR-1', 'line-1', '2025-03-04T09:00:00Z'),
    ncr('a-n2', 'NCR-2', 'line-2', '2025-03-04T10:00:00Z'),
  ];
}
