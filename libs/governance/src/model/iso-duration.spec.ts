import { parseIsoDuration } from './iso-duration';

describe('parseIsoDuration', () => {
  it.each([
    ['PT8H', 8 * 3_600_000],
    ['P1D', 86_400_000],
    ['P1W', 604_800_000],
    ['PT5M', 300_000],
    ['PT1.5S', 1500],
    ['P1DT2H30M', 95_400_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'PT', 'P', '8h', 'PT0S', ''])('refuses %p', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(RangeError);
  });
});
