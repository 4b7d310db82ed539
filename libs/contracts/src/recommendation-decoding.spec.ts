import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { EvidenceKind, FallbackReason, Recommendation, RecommendationKind } from './index';

/**
 * What docs/topics.md tells a downstream team: decode andon.recommendations.v1 with
 * nothing but proto/ (protobufjs loading the .proto files at run time, no code generated
 * by this repository), resolve "[S1]" markers through EvidenceRef.label, read the typed
 * data and the fallback reasons as enums.
 */
const PROTO_ROOT = join(__dirname, '../../../proto');

describe('decoding a recommendation with only proto/', () => {
  it('reads labels, typed data and fallback reasons as a consumer would', async () => {
    const bytes = Recommendation.encode(
      Recommendation.fromPartial({
        recommendationId: 'qa-rec-1',
        kind: RecommendationKind.NCR_TRIAGE,
        bodyMarkdown: 'NCR-1042: dimensional, major [S0]. CMM check failed [S1].',
        dataJson: JSON.stringify({ ncrId: 'NCR-1042' }),
        citations: [
          { kind: EvidenceKind.EVENT, id: 'evt-1', label: 'S0' },
          { kind: EvidenceKind.RECORD, id: 'qms:check:IR-5521', label: 'S1', flagged: true },
        ],
        generation: {
          deterministicFallback: true,
          fallbackReason: 'uncited-claims,forbidden-instruction',
          fallbackReasons: [FallbackReason.UNCITED_CLAIMS, FallbackReason.FORBIDDEN_INSTRUCTION],
          inputFlagged: true,
          injectionKinds: ['forbidden-intent'],
        },
        typedData: {
          $case: 'ncrTriage',
          value: {
            ncrId: 'NCR-1042',
            severity: 'major',
            containment: ['Segregate the affected parts pending review [S0].'],
            affectedLots: [{ lotId: 'L-1', relation: 'listed', depth: 0 }],
          },
        },
      }),
    ).finish();

    // --- the consumer's side: only proto/ ---
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) =>
      target.startsWith('google/') ? target : join(PROTO_ROOT, target);
    await root.load('andon/v1/recommendations.proto', { keepCase: true });
    const type = root.lookupType('andon.v1.Recommendation');
    const rec = type.toObject(type.decode(bytes), { enums: String, longs: Number, oneofs: true }) as {
      body_markdown: string;
      citations: Array<{ label: string; id: string; flagged?: boolean }>;
      generation: { fallback_reasons: string[]; input_flagged: boolean };
      typed_data: string;
      ncr_triage: {
        ncr_id: string;
        severity: string;
        containment: string[];
        affected_lots: Array<{ lot_id: string }>;
      };
    };
    const byLabel = new Map(rec.citations.map((c) => [c.label, c]));
    const cited = [...rec.body_markdown.matchAll(/\[(S\d+)\]/g)].map((m) => byLabel.get(m[1] ?? '')?.id);
    expect(cited).toEqual(['evt-1', 'qms:check:IR-5521']);
    expect(byLabel.get('S1')?.flagged).toBe(true);
    expect(rec.typed_data).toBe('ncr_triage');
    expect(rec.ncr_triage).toMatchObject({
      ncr_id: 'NCR-1042',
      severity: 'major',
      affected_lots: [{ lot_id: 'L-1' }],
    });
    expect(rec.generation.fallback_reasons).toEqual([
      'FALLBACK_REASON_UNCITED_CLAIMS',
      'FALLBACK_REASON_FORBIDDEN_INSTRUCTION',
    ]);
    expect(rec.generation.input_flagged).toBe(true);
  });
});
