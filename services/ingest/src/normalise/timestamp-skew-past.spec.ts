import { IngestRejection } from './rejection';
import { assertWithinSkew } from './timestamps';

// Scenario: an event dated long before it was received (wrong clock, or an archive re-sent as live).
describe('timestamp skew into the past', () => {
  const received = new Date('2026-11-24T06:00:00.000Z');
  const day = 86_400_000;

  it('accepts an event 23 hours old under a one-day skew', () => {
    expect(() =>
      assertWithinSkew(new Date(received.getTime() - 23 * 3_600_000), received, day),
    ).not.toThrow();
  });

  it('refuses one 25 hours old as behind the receive time', () => {
    expect(() => assertWithinSkew(new Date(received.getTime() - 25 * 3_600_000), received, day)).toThrow(
      IngestRejection,
    );
    expect(() => assertWithinSkew(new Date(received.getTime() - 25 * 3_600_000), received, day)).toThrow(
      /90000000 ms behind the receive time/,
    );
  });
});
