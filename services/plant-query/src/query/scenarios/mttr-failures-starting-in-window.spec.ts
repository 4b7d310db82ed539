import { downtimeFact } from '../../test-support/downtime-facts';
import { mttrRow } from '../reliability';

// Window 08:00Z-16:00Z. Only failure stops (mechanical/electrical) that START inside count,
// and each counts whole: f4 runs 70 minutes past the window end and contributes 70.
const window = { fromMs: Date.parse('2025-03-05T08:00:00Z'), toMs: Date.parse('2025-03-05T16:00:00Z') };
const stops = [
  downtimeFact('f1', 'L1', 'mechanical_failure', '2025-03-05T07:30:00Z', '2025-03-05T08:30:00Z'), // started before: not this window's failure
  downtimeFact('f2', 'L1', 'electrical_failure', '2025-03-05T09:00:00Z', '2025-03-05T09:45:00Z'), // 45
  downtimeFact('f3', 'L1', 'changeover', '2025-03-05T10:00:00Z', '2025-03-05T11:00:00Z'), // not a failure
  downtimeFact('f4', 'L1', 'mechanical_failure', '2025-03-05T15:30:00Z', '2025-03-05T16:40:00Z'), // 70
  downtimeFact('f5', 'L2', 'mechanical_failure', '2025-03-05T12:00:00Z', '2025-03-05T12:12:00Z'), // 12
];

describe('MTTR: repair minutes of failures starting in the window / their count', () => {
  it('per line', () => {
    const l1 = mttrRow(
      { line: 'L1' },
      stops.filter((s) => s.line === 'L1'),
      () => window,
    );
    expect(l1).toEqual({
      key: { line: 'L1' },
      value: 57.5,
      measures: { failures: 2, repairMinutes: 115 },
      recordIds: ['f2', 'f4'],
    });
  });

  it('over all lines: (45 + 70 + 12) / 3 = 42.33 -> 42.3', () => {
    const all = mttrRow({}, stops, () => window);
    expect(all.value).toBe(42.3);
    expect(all.measures).toEqual({ failures: 3, repairMinutes: 127 });
  });

  it('is null, not zero, with no failure', () => {
    expect(mttrRow({}, stops.slice(2, 3), () => window)).toMatchObject({
      value: null,
      measures: { failures: 0, repairMinutes: 0 },
    });
  });
});
