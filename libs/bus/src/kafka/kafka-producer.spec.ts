import type { OutgoingMessage } from '../event-bus.port';
import { chunkBySize } from './kafka-producer';

const msg = (bytes: number, key = 'k'): OutgoingMessage => ({
  topic: 't',
  key,
  value: new Uint8Array(bytes),
  headers: { h: 'v' },
});

describe('chunkBySize', () => {
  it('keeps order and cuts before the message that would overflow a chunk', () => {
    const messages = [msg(400), msg(400), msg(400), msg(100)];
    const chunks = chunkBySize(messages, 1_000);
    expect(chunks.map((c) => c.length)).toEqual([2, 2]);
    expect(chunks.flat()).toEqual(messages);
  });

  it('sends a message larger than the limit alone (the broker then names the problem)', () => {
    const chunks = chunkBySize([msg(10), msg(5_000), msg(10)], 1_000);
    expect(chunks.map((c) => c.map((m) => m.value.byteLength))).toEqual([[10], [5_000], [10]]);
  });

  it('counts keys and headers, not only values', () => {
    const withHeaders: OutgoingMessage = {
      topic: 't',
      key: 'k'.repeat(300),
      value: new Uint8Array(10),
      headers: { big: 'h'.repeat(400) },
    };
    expect(chunkBySize([withHeaders, withHeaders], 1_000).length).toBe(2);
    expect(chunkBySize([], 1_000)).toEqual([]);
  });
});
