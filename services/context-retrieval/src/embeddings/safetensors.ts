import { readFileSync } from 'node:fs';

export interface SafeTensor {
  dtype: string;
  shape: number[];
  /** Element bytes, little-endian, as stored. */
  bytes: Uint8Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };

/**
 * Reads a .safetensors file: an 8-byte little-endian header length, a JSON header of
 * name -> {dtype, shape, data_offsets}, then the tensors' bytes. Offsets are checked
 * against shapes so a truncated or foreign file fails here, not as garbage vectors.
 */
export function readSafetensors(path: string): Map<string, SafeTensor> {
  const file = readFileSync(path);
  if (file.length < 8) throw new Error(`${path}: not a safetensors file (too short)`);
  const headerLength = Number(file.readBigUInt64LE(0));
  if (headerLength <= 0 || 8 + headerLength > file.length)
    throw new Error(`${path}: bad safetensors header length ${headerLength}`);
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    HeaderEntry | Record<string, string>
  >;
  const base = 8 + headerLength;
  const tensors = new Map<string, SafeTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: [start, end],
    } = entry as HeaderEntry;
    const width = DTYPE_BYTES[dtype];
    if (width === undefined) throw new Error(`${path}: tensor ${name} has unsupported dtype ${dtype}`);
    const expected = shape.reduce((a, b) => a * b, 1) * width;
    if (end - start !== expected || base + end > file.length)
      throw new Error(
        `${path}: tensor ${name} offsets [${start}, ${end}) do not match shape [${shape.join(',')}]`,
      );
    tensors.set(name, { dtype, shape, bytes: file.subarray(base + start, base + end) });
  }
  return tensors;
}

/** Copies to an aligned Float32Array (the file's offsets need not be 4-byte aligned). */
export function toFloat32(t: SafeTensor, name: string): Float32Array {
  if (t.dtype !== 'F32') throw new Error(`tensor ${name} is ${t.dtype}; only F32 weights are supported`);
  const out = new Float32Array(t.bytes.length / 4);
  new Uint8Array(out.buffer).set(t.bytes);
  return out;
}
