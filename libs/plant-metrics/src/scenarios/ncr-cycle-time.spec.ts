import { ncrCycleTime } from '../ncr-cycle-time';

const h = (hours: number) => Date.parse('2025-03-03T00:00:00Z') + hours * 3_600_000;

it('NCR cycle time: mean hours from raising to closing; null with nothing closed; a close before its raising is refused', () => {
  expect(
    ncrCycleTime([
      { raisedAtMs: h(0), closedAtMs: h(6) },
      { raisedAtMs: h(2), closedAtMs: h(20) },
    ]),
  ).toEqual({ meanHours: 12, closed: 2, totalHours: 24 });
  expect(ncrCycleTime([])).toEqual({ meanHours: null, closed: 0, totalHours: 0 });
  expect(() => ncrCycleTime([{ raisedAtMs: h(5), closedAtMs: h(1) }])).toThrow(RangeError);
});
