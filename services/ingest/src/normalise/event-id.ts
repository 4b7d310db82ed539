import { hash } from 'node:crypto';
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
  // One-shot hash (no Hash object): this runs once per ingested event.
  const hex = hash(
    'sha1',
    Buffer.concat([NAMESPACE, Buffer.from(`${SourceSystem[source]}:${sourceEventId}`, 'utf8')]),
  );
  // Version 5 in the high nibble of byte 6 (hex digit 12); variant 10 in the top bits of byte 8 (digit 16).
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
