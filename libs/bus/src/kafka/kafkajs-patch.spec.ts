/**
 * patches/kafkajs+2.2.4.patch (applied by npm's postinstall) makes kafkajs's protocol
 * Encoder take its buffers from Node's pool (Buffer.allocUnsafe) instead of a fresh,
 * zero-filled 512-byte allocation per encoder: one per record and one per header, so
 * eleven per plant event. This checks the installed kafkajs is the patched one, and that
 * what the encoder hands out is exactly what was written.
 */
import { Buffer } from 'node:buffer';

interface KafkajsEncoder {
  buf: Buffer;
  buffer: Buffer;
  writeVarIntString(value: string): KafkajsEncoder;
  writeVarIntBytes(value: Buffer | string | null): KafkajsEncoder;
}
type EncoderClass = new (initialSize?: number) => KafkajsEncoder;
const Encoder = require('kafkajs/src/protocol/encoder') as EncoderClass;

describe('kafkajs protocol encoder (patched)', () => {
  it('allocates from the shared buffer pool, not one allocation per encoder', () => {
    const encoder = new Encoder();
    expect(encoder.buf.length).toBe(512);
    // A pooled buffer is a view into the pool's larger slab.
    expect(encoder.buf.buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('hands out only the bytes written, as the unpatched encoder did', () => {
    const value = 'plant-a/line-1 ' + 'x'.repeat(700); // grows past the first buffer
    const bytes = new Encoder().writeVarIntString('andon-event-id').writeVarIntBytes(value).buffer;
    const expected = Buffer.concat([
      Buffer.from([14 << 1]), // zigzag varint of the key length 14
      Buffer.from('andon-event-id'),
      Buffer.from([((value.length << 1) & 0x7f) | 0x80, (value.length << 1) >> 7]),
      Buffer.from(value),
    ]);
    expect(bytes.equals(expected)).toBe(true);
  });
});
