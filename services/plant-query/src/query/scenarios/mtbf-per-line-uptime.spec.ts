import { downtimeFact } from '../../test-support/downtime-facts';
import { mtbfRows } from '../reliability';

// Window 08:00Z-16:00Z = 480 minutes.
// L1 failure downtime clipped to the window: f1 08:00-08:30 = 30, f2 = 45, f4 15:30-16:00 = 30 -> 105;
//    uptime 480 - 105 = 375; failures starting inside: f2, f4 -> MTBF 375 / 2 = 187.5.
//    The changeover f3 is not subtracted (the equipment was not broken).
// L2: f5 = 12 -> uptime 468, 1 failure -> 468.
// L3: only a starved stop -> no failure -> null.
// Total: (375 + 468 + 480) / 3 failures = 441.
const window = { fromMs: Date.parse('2025-03-05T08:00:00Z'), toMs: Date.parse('2025-03-05T16:00:00Z') };
const stops = [
  downtimeFact('f1', 'L1', 'mechanical_failure', '2025-03-05T07:30:00Z', '2025-03-05T08:30:00Z'),
  downtimeFact('f2', 'L1', 'electrical_failure', '2025-03-05T09:00:00Z', '2025-03-05T09:45:00Z'),
  downtimeFact('f3', 'L1', 'changeover', '2025-03-05T10:00:00Z', '2025-03-05T11:00:00Z'),
  downtimeFact('f4', 'L1', 'mechanical_failure', '2025-03-05T15:30:00Z', '2025-03-05T16:40:00Z'),
  downtimeFact('f5', 'L2', 'mechanical_failure', '2025-03-05T12:00:00Z', '2025-03-05T12:12:00Z'),
  downtimeFact('f6', 'L3', 'starved', '2025-03-05T12:00:00Z', '2025-03-05T13:00:00Z'),
];

describe('MTBF: uptime / failures per line', () => {
  const { rows, total } = mtbfRows(stops, () => window, ['site', 'line']);
  const byLine = Object.fromEntries(rows.map((r) => [r.key['line'], r]));

  it('L1: 375 minutes of uptime over 2 failures', () => {
    expect(byLine['L1']?.value).toBe(187.5);
    expect(byLine['L1']?.measures).toEqual({
      plannedMinutes: 480,
      failureDowntimeMinutes: 105,
      uptimeMinutes: 375,
      failures: 2,
    });
  });

  it('L2: 468 over 1; L3 without failures is null', () => {
    expect(byLine['L2']?.value).toBe(468);
    expect(byLine['L3']).toMatchObject({ value: null, measures: { uptimeMinutes: 480, failures: 0 } });
  });

  it('total: summed uptime over summed failures', () => {
    expect(total.value).toBe(441);
    expect(total.measures).toEqual({ lines: 3, uptimeMinutes: 1323, failures: 3 });
  });
});
