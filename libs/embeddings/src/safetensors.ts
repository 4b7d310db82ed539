import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

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

/** Where one tensor's bytes are in the file: `offset` counts from the file's start. */
export interface SafeTensorLocation {
  dtype: string;
  shape: number[];
  offset: number;
  length: number;
}

/**
 * Reads a .safetensors file's index without its data: an 8-byte little-endian header
 * length, a JSON header of name -> {dtype, shape, data_offsets}, then the tensors' bytes.
 * Offsets are checked against shapes and the file size, so a truncated or foreign file
 * fails here, not as garbage vectors.
 */
export function readSafetensorsIndex(path: string): Map<string, SafeTensorLocation> {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const prefix = Buffer.alloc(8);
    if (size < 8 || readSync(fd, prefix, 0, 8, 0) !== 8)
      throw new Error(`${path}: not a safetensors file (too short)`);
    const headerLength = Number(prefix.readBigUInt64LE(0));
    if (headerLength <= 0 || 8 + headerLength > size)
      throw new Error(`${path}: bad safetensors header length ${headerLength}`);
    const json = Buffer.alloc(headerLength);
    readSync(fd, json, 0, headerLength, 8);
    const header = JSON.parse(json.toString('utf8')) as Record<string, HeaderEntry | Record<string, string>>;
    const base = 8 + headerLength;
    const tensors = new Map<string, SafeTensorLocation>();
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
      if (end - start !== expected || base + end > size)
        throw new Error(
          `${path}: tensor ${name} offsets [${start}, ${end}) do not match shape [${shape.join(',')}]`,
        );
      tensors.set(name, { dtype, shape, offset: base + start, length: end - start });
    }
    return tensors;
  } finally {
    closeSync(fd);
  }
}

/** Reads a .safetensors file whole (index as readSafetensorsIndex). */
export function readSafetensors(path: string): Map<string, SafeTensor> {
  const index = readSafetensorsIndex(path);
  const file = readFileSync(path);
  const tensors = new Map<string, SafeTensor>();
  for (const [name, { dtype, shape, offset, length }] of index)
    tensors.set(name, { dtype, shape, bytes: file.subarray(offset, offset + length) });
  return tensors;
}
