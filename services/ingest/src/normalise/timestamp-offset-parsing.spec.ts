import { parseOffsetTimestamp } from './timestamps';

// Scenario: a plant writes local time with its UTC offset; ingest stores the UTC instant.
describe('timestamp offset parsing', () => {
  it.each([
    ['2026-11-24T07:15:00+01:00', '2026-11-24T06:15:00.000Z'], // Berlin, winter
    ['2026-07-24T07:15:00+02:00', '2026-07-24T05:15:00.000Z'], // Berlin, summer
    ['2026-11-24T01:15:00-05:00', '2026-11-24T06:15:00.000Z'], // Columbus, winter
    ['2026-11-23T23:30:00-0630', '2026-11-24T06:00:00.000Z'], // offset without colon, crossing midnight
    ['2026-11-24T06:15:00Z', '2026-11-24T06:15:00.000Z'],
    ['2026-11-24 06:15:00.123456+00:00', '2026-11-24T06:15:00.123Z'], // space separator, sub-ms digits dropped
    ['2024-02-29T12:00:00+05:30', '2024-02-29T06:30:00.000Z'], // leap day, half-hour offset
  ])('%s is %s', (text, utc) => {
    expect(parseOffsetTimestamp(text)?.toISOString()).toBe(utc);
  });

  it.each([
    '2026-11-24T07:15:00', // no offset: ambiguous local time
    '2026-02-30T07:15:00Z', // no such day
    '2025-02-29T07:15:00Z', // not a leap year
    '2026-13-01T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '24/11/2026 07:15',
    '',
    'yesterday',
  ])('refuses %p', (text) => {
    expect(parseOffsetTimestamp(text)).toBeUndefined();
  });
});
