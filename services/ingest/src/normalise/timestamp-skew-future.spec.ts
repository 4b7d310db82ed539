import { IngestRejection } from './rejection';
import { assertWithinSkew } from './timestamps';

// Scenario: a source clock runs ahead of the time the record reached Kafka.
describe('timestamp skew into the future', () => {
  const received = new Date('2026-11-24T06:00:00.000Z');
  const maxSkewMs = 5 * 60_000;

  it('accepts an event exactly at the allowed skew', () => {
    expect(() =>
      assertWithinSkew(new Date(received.getTime() + maxSkewMs), received, maxSkewMs),
    ).not.toThrow();
  });

  it('refuses one millisecond beyond it, naming the direction and the amount', () => {
    let error: unknown;
    try {
      assertWithinSkew(new Date(received.getTime() + maxSkewMs + 1), received, maxSkewMs, 'src-1');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IngestRejection);
    expect(error).toMatchObject({
      rejection: 'timestamp_skew',
      reason: 'schema_invalid',
      sourceEventId: 'src-1',
    });
    expect((error as Error).message).toBe(
      'timestamp_skew: occurred_at 2026-11-24T06:05:00.001Z is 300001 ms ahead of the receive time 2026-11-24T06:00:00.000Z (allowed skew 300000 ms)',
    );
  });
});
