import { NonconformanceStatus, isRaisedNonconformance } from './index';

describe('isRaisedNonconformance', () => {
  it.each([
    [NonconformanceStatus.UNSPECIFIED, true],
    [NonconformanceStatus.OPEN, true],
    [NonconformanceStatus.CONTAINED, false],
    [NonconformanceStatus.CLOSED, false],
    [NonconformanceStatus.UNRECOGNIZED, false],
  ])('status %s -> raised %s', (status, raised) => {
    expect(isRaisedNonconformance(status)).toBe(raised);
  });
});
