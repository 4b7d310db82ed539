import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBertSentenceEncoder } from './bert-onnx-graph';
import { readSafetensors, readSafetensorsIndex } from './safetensors';

// Copies first: the file's offsets need not be 4-byte aligned.
const floats = (bytes: Uint8Array | undefined): number[] =>
  Array.from(new Float32Array(Uint8Array.from(bytes ?? []).buffer));

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
    expect(floats(a32?.bytes)).toEqual([1.5, -2, 3.25]);
    expect(tensors.get('b')?.shape).toEqual([1, 1]);
    // The index alone gives offsets from the file's start (8 length bytes, the JSON header).
    const file = readFileSync(path);
    const base = 8 + Number(file.readBigUInt64LE(0));
    const index = readSafetensorsIndex(path);
    expect(index.get('a')).toEqual({ dtype: 'F32', shape: [3], offset: base + 1, length: 12 });
    expect(index.get('b')).toEqual({ dtype: 'F32', shape: [1, 1], offset: base + 13, length: 4 });
    expect(file.readFloatLE(base + 13)).toBe(7);
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
    const modelDir = mkdtempSync(join(dir, 'f16-model-'));
    const config = {
      model_type: 'bert',
      hidden_act: 'gelu',
      hidden_size: 4,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 8,
      layer_norm_eps: 1e-12,
      max_position_embeddings: 8,
      vocab_size: 3,
    };
    writeFileSync(join(modelDir, 'config.json'), JSON.stringify(config));
    writeFileSync(
      join(modelDir, 'model.safetensors'),
      safetensorsFile(
        { 'embeddings.word_embeddings.weight': { dtype: 'F16', shape: [3, 4], data_offsets: [0, 24] } },
        Buffer.alloc(24),
      ),
    );
    expect(
      readSafetensorsIndex(join(modelDir, 'model.safetensors')).get('embeddings.word_embeddings.weight')
        ?.dtype,
    ).toBe('F16');
    for (const weights of ['inline', { external: { location: 'model.safetensors' } }] as const)
      expect(() => buildBertSentenceEncoder(modelDir, weights)).toThrow('only F32');
  });
});
