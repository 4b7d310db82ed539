import { createHash } from 'node:crypto';
import { SourceSystem } from '@andon/contracts';

// Fixed namespace for Andon plant events (a random v4 UUID chosen once; never change it,
// or every re-published event would get a new id and downstream dedupe would break).
const NAMESPACE = Buffer.from('6f1f3c2e8a0b4d8e9c57a4b1e2d3c4f5', 'hex');

/**
 * The canonical event id: a name-based UUID (RFC 9562 version 5) of the source system and
 * the source's own event id. Deterministic on purpose: the same source event ingested
 * twice (redelivery, replay, crash between publish and dedupe mark) gets the same id, so
 * downstream consumers dedupe it by event id.
 */
export function canonicalEventId(source: SourceSystem, sourceEventId: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${SourceSystem[source]}:${sourceEventId}`, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
