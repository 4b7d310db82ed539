import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { SourceSystem } from '@andon/contracts';
import { canonicalEventId } from './event-id';

describe('canonicalEventId', () => {
  it('is a version 5 UUID, stable for one (source system, source event id)', () => {
    const id = canonicalEventId(SourceSystem.MES, 'plant-a-mes-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(canonicalEventId(SourceSystem.MES, 'plant-a-mes-1')).toBe(id);
  });

  it('differs when the source system or the source id differs', () => {
    const ids = new Set([
      canonicalEventId(SourceSystem.MES, '1'),
      canonicalEventId(SourceSystem.ERP, '1'),
      canonicalEventId(SourceSystem.MES, '2'),
      canonicalEventId(SourceSystem.MES, '1 '),
    ]);
    expect(ids.size).toBe(4);
  });

  it('does not change between releases (downstream dedupe depends on it)', () => {
    expect(canonicalEventId(SourceSystem.HISTORIAN, 'plant-b-historian-42')).toMatchInlineSnapshot(
      `"8b17d8f1-5fbc-56aa-930e-d127a485812b"`,
    );
  });
});

describe('canonicalEventId against RFC 9562 name-based UUIDs', () => {
  /** The textbook construction: sha1(namespace bytes + name), version and variant bits set on the bytes. */
  function uuidV5(namespaceHex: string, name: string): string {
    const bytes = Buffer.from(
      createHash('sha1')
        .update(Buffer.from(namespaceHex, 'hex'))
        .update(name, 'utf8')
        .digest()
        .subarray(0, 16),
    );
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  it('equals the byte-wise construction for many ids, including non-ASCII ones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SourceSystem.MES, SourceSystem.ERP, SourceSystem.QMS),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (source, id) => {
          expect(canonicalEventId(source, id)).toBe(
            uuidV5('6f1f3c2e8a0b4d8e9c57a4b1e2d3c4f5', `${SourceSystem[source]}:${id}`),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
