/**
 * patches/kafkajs+2.2.4.patch (applied by npm's postinstall) makes kafkajs's protocol
 * Encoder take its buffers from Node's pool (Buffer.allocUnsafe) instead of a fresh,
 * zero-filled 512-byte allocation per encoder (one per record and one per header: twelve
 * per plant event), and write varints in place instead of through an array and a Buffer
 * each. This checks the installed kafkajs is the patched one, and that what the encoder
 * hands out is exactly what was written.
 */
import { Buffer } from 'node:buffer';

interface KafkajsEncoder {
  buf: Buffer;
  buffer: Buffer;
  writeVarInt(value: number): KafkajsEncoder;
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

  it('writes zigzag LEB128 varints byte for byte', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [-1, '01'],
      [1, '02'],
      [63, '7e'],
      [-64, '7f'],
      [64, '8001'],
      [300, 'd804'],
      [2 ** 31 - 1, 'feffffff0f'],
      [-(2 ** 31), 'ffffffff0f'],
    ];
    for (const [value, hex] of cases)
      expect([value, new Encoder().writeVarInt(value).buffer.toString('hex')]).toEqual([value, hex]);
    // Many varints in one encoder still grow it correctly past its first buffer.
    const many = new Encoder();
    for (let i = 0; i < 200; i++) many.writeVarInt(2 ** 31 - 1);
    expect(many.buffer.toString('hex')).toBe('feffffff0f'.repeat(200));
  });
});
