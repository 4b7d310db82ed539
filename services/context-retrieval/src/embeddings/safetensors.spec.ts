import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, toFloat32 } from './safetensors';

function safetensorsFile(header: object, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}

describe('readSafetensors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads tensors at unaligned offsets', () => {
    const a = Buffer.from(Float32Array.from([1.5, -2, 3.25]).buffer);
    const b = Buffer.from(Float32Array.from([7]).buffer);
    // One padding byte ahead of `a` makes its offset odd, as real files may.
    const path = join(dir, 'ok.safetensors');
    writeFileSync(
      path,
      safetensorsFile(
        {
          __metadata__: { format: 'pt' },
          a: { dtype: 'F32', shape: [3], data_offsets: [1, 13] },
          b: { dtype: 'F32', shape: [1, 1], data_offsets: [13, 17] },
        },
        Buffer.concat([Buffer.from([0]), a, b]),
      ),
    );
    const tensors = readSafetensors(path);
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    const a32 = tensors.get('a');
    expect(a32 && Array.from(toFloat32(a32, 'a'))).toEqual([1.5, -2, 3.25]);
    expect(tensors.get('b')?.shape).toEqual([1, 1]);
  });

  it('rejects offsets that do not match the shape, and truncated files', () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(
      bad,
      safetensorsFile({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 12] } }, Buffer.alloc(12)),
    );
    expect(() => readSafetensors(bad)).toThrow('do not match shape [4]');
    const truncated = join(dir, 'truncated.safetensors');
    writeFileSync(
      truncated,
      safetensorsFile({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, Buffer.alloc(8)),
    );
    expect(() => readSafetensors(truncated)).toThrow('do not match shape');
    const notOne = join(dir, 'not.safetensors');
    writeFileSync(notOne, Buffer.from('{"hello": 1}'));
    expect(() => readSafetensors(notOne)).toThrow('bad safetensors header length');
  });

  it('refuses non-F32 weights instead of misreading them', () => {
    const path = join(dir, 'f16.safetensors');
    writeFileSync(
      path,
      safetensorsFile({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, Buffer.alloc(4)),
    );
    const h = readSafetensors(path).get('h');
    expect(h?.dtype).toBe('F16');
    expect(() => h && toFloat32(h, 'h')).toThrow('only F32');
  });
});
