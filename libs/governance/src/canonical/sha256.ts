import { createHash, hash } from 'node:crypto';

/** sha256 as hex; text goes through node's one-shot crypto.hash, which skips building a Hash object. */
export function sha256Hex(data: string | Buffer): string {
  return typeof data === 'string' ? hash('sha256', data) : createHash('sha256').update(data).digest('hex');
}
