import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded exemplars and the trained probe, on disk, keyed by a hash of everything
 * they are computed from (exemplar texts, embedding provider, probe options, format).
 * Building them takes seconds on a busy 2-core machine; every process (each agent, each
 * Jest worker) after the first reads them in milliseconds. A changed exemplar changes
 * the key, so a stale index is never read.
 */
export interface StoredIndex {
  vectors: Float32Array[];
  weights: Float32Array[];
  bias: Float32Array;
}

const FORMAT = 'andon-intent-index/1';

export function indexKey(parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, parts]))
    .digest('hex')
    .slice(0, 32);
}

export function readIndex(dir: string, key: string): StoredIndex | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(join(dir, `intent-index-${key}.bin`));
  } catch {
    return undefined;
  }
  try {
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as {
      vectors: number;
      classes: number;
      dims: number;
    };
    const floats = new Float32Array(
      buf.buffer.slice(buf.byteOffset + 4 + headerLength, buf.byteOffset + buf.length),
    );
    const { vectors: n, classes, dims } = header;
    if (floats.length !== (n + classes) * dims + classes) return undefined;
    const row = (i: number) => floats.slice(i * dims, (i + 1) * dims);
    return {
      vectors: Array.from({ length: n }, (_, i) => row(i)),
      weights: Array.from({ length: classes }, (_, c) => row(n + c)),
      bias: floats.slice((n + classes) * dims),
    };
  } catch {
    return undefined;
  }
}

export function writeIndex(dir: string, key: string, index: StoredIndex): void {
  const dims = index.vectors[0]?.length ?? 0;
  const header = Buffer.from(
    JSON.stringify({ vectors: index.vectors.length, classes: index.weights.length, dims }),
    'utf8',
  );
  const floats = new Float32Array((index.vectors.length + index.weights.length) * dims + index.bias.length);
  [...index.vectors, ...index.weights].forEach((v, i) => floats.set(v, i * dims));
  floats.set(index.bias, (index.vectors.length + index.weights.length) * dims);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const path = join(dir, `intent-index-${key}.bin`);
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, Buffer.concat([length, header, Buffer.from(floats.buffer)]));
    renameSync(temp, path);
  } catch {
    // A cache that cannot be written costs time, never correctness.
    rmSync(temp, { force: true });
  }
}
