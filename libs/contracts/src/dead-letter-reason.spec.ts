import { DeadLetter, DeadLetterReason, deadLetterReasonCode, deadLetterReasonFromCode } from './index';

describe('dead letter reason codes', () => {
  it('match the short codes libs/bus writes in the andon-dlq-reason header', () => {
    expect(deadLetterReasonCode(DeadLetterReason.RETRIES_EXHAUSTED)).toBe('retries_exhausted');
    expect(deadLetterReasonCode(DeadLetterReason.NON_RETRYABLE)).toBe('non_retryable');
  });

  it('round-trip, and unknown codes read as UNSPECIFIED rather than failing', () => {
    expect(deadLetterReasonFromCode('schema_invalid')).toBe(DeadLetterReason.SCHEMA_INVALID);
    expect(deadLetterReasonFromCode(deadLetterReasonCode(DeadLetterReason.DECODE_FAILED))).toBe(
      DeadLetterReason.DECODE_FAILED,
    );
    expect(deadLetterReasonFromCode('cosmic_ray')).toBe(DeadLetterReason.UNSPECIFIED);
  });
});

describe('DeadLetter', () => {
  it('keeps the original bytes, repeated headers and a 64-bit offset', () => {
    const original = Buffer.from([0xff, 0x00, 0x7b, 0x80]);
    const letter = DeadLetter.fromPartial({
      reason: DeadLetterReason.DECODE_FAILED,
      originalValue: original,
      originalKey: Buffer.from('plant-a/line-2'),
      originalHeaders: [
        { key: 'x-trace', value: Buffer.from('a') },
        { key: 'x-trace', value: Buffer.from('b') },
      ],
      sourceTopic: 'andon.raw.mes.v1',
      sourcePartition: 4,
      sourceOffset: 2 ** 40 + 3,
      failedAt: new Date('2025-03-04T05:06:07Z'),
      consumerGroup: 'ingest',
    });
    const decoded = DeadLetter.decode(DeadLetter.encode(letter).finish());
    expect(decoded).toEqual(letter);
    expect(Buffer.compare(decoded.originalValue, original)).toBe(0);
    expect(decoded.originalHeaders.map((h) => h.value.toString())).toEqual(['a', 'b']);
    expect(decoded.sourceOffset).toBe(2 ** 40 + 3);
  });
});
