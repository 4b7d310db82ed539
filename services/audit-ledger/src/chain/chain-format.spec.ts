import fc from 'fast-check';
import { canonicalize, sha256Hex } from '@andon/governance/canonical';
import { canonicalHeader, entryId, seqFromId, sha256 } from './chain-format';

// The service writes and verifies the lib's format with a hand-unrolled canonical header;
// it must be byte-identical to canonicalize() for every header a sealer can produce.
describe('chain format', () => {
  const text = fc.string({ unit: 'grapheme-composite', maxLength: 40 });
  const header = fc.record({
    chain: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,15}$/),
    seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    kind: text,
    subjectId: text,
    site: text,
    correlationId: text,
    at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    payloadHash: fc.stringMatching(/^[0-9a-f]{64}$/),
  });

  it('canonicalHeader equals canonicalize over the eight header fields', () => {
    fc.assert(
      fc.property(header, (h) => canonicalHeader(h) === canonicalize(h)),
      { numRuns: 2_000 },
    );
  });

  it('sha256 is the lib sha256Hex', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => sha256(s) === sha256Hex(s)),
      { numRuns: 500 },
    );
  });

  it('storage keys round-trip and reject other chains and malformed keys', () => {
    expect(entryId('main', 42)).toBe('main:000000000042');
    expect(seqFromId('main', 'main:000000000042')).toBe(42);
    expect(seqFromId('main', 'site-a:000000000042')).toBeNull();
    expect(seqFromId('main', 'main:42')).toBeNull();
    expect(seqFromId('main', 'main:000000000000')).toBeNull();
  });
});
