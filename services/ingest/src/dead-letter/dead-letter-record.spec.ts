import { DLQ_HEADERS } from '@andon/bus';
import { DeadLetterReason, HeaderNames } from '@andon/contracts';
import { deadLetterMessage, originalHeaders, readDeadLetter } from './dead-letter-record';

const input = {
  dlqTopic: 'andon.dlq.v1',
  key: 'plant-a/line-1',
  value: Buffer.from('{"broken'),
  headers: { 'content-type': 'application/json', 'x-a': '1' },
  reason: 'decode_failed',
  message: 'decode_failed: not valid JSON',
  errorName: 'IngestRejection',
  sourceTopic: 'andon.raw.mes.v1',
  sourcePartition: -1,
  sourceOffset: '-1',
  consumerGroup: 'ingest-http',
  failedAt: new Date('2026-11-24T06:00:00Z'),
  attempts: 1,
};

describe('dead letters ingest writes itself', () => {
  it('carry exactly the headers libs/bus writes, so andon.dlq.v1 has one format', () => {
    const message = deadLetterMessage(input);
    const added = Object.keys(message.headers ?? {}).filter((k) => !(k in input.headers));
    expect(added.sort()).toEqual(Object.values(DLQ_HEADERS).sort());
    expect(message).toMatchObject({ topic: 'andon.dlq.v1', key: 'plant-a/line-1', value: input.value });
  });

  it('read back as the contract DeadLetter, original headers separated from the dlq ones', () => {
    const message = deadLetterMessage(input);
    const letter = readDeadLetter(message.value, message.headers ?? {}, message.key ?? null);
    expect(letter).toMatchObject({
      reason: DeadLetterReason.DECODE_FAILED,
      message: 'decode_failed: not valid JSON',
      sourceTopic: 'andon.raw.mes.v1',
      sourcePartition: -1,
      sourceOffset: -1,
      consumerGroup: 'ingest-http',
      failedAt: new Date('2026-11-24T06:00:00Z'),
      attempts: 1,
    });
    expect(Buffer.from(letter.originalValue).toString()).toBe('{"broken');
    expect(letter.originalHeaders.map((h) => [h.key, Buffer.from(h.value).toString()])).toEqual([
      ['content-type', 'application/json'],
      ['x-a', '1'],
    ]);
    expect(originalHeaders(message.headers ?? {})).toEqual(input.headers);
    expect(HeaderNames.DlqReason).toBe(DLQ_HEADERS.reason);
  });
});
