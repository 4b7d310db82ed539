import type { LabelledSource } from './governance.types';
import { checkNumbers } from './number-check';

const sources: LabelledSource[] = [
  {
    label: 'S1',
    id: 'oee:L2:2025-03-01',
    kind: 'kpi',
    text: 'Line 2 shift A: OEE 87.26 %, good 1,200, scrap 37.',
    data: { availability: 0.912, downtimeMinutes: 42 },
  },
  {
    label: 'S2',
    id: 'ncr:NCR-1042',
    kind: 'ncr',
    text: 'NCR-1042 opened 2025-03-01 06:40 for porosity on housing 7781-220.',
    data: { quantity: 120 },
  },
];

describe('checkNumbers', () => {
  it('accepts numbers found in the cited source, within the rounding tolerance', () => {
    const ok = checkNumbers(
      [
        'OEE reached 87.3% with 1200 good parts and 37 scrapped [S1].',
        'Availability was 91% and downtime 42 minutes on Line 2 [S1].',
        'NCR-1042 was opened at 06:40 on 2025-03-01 for 120 housings [S2].',
      ],
      sources,
    );
    expect(ok).toEqual({ name: 'numbers', passed: true, details: [] });
  });

  it('rejects a number that is not in the cited source (a hallucination)', () => {
    const result = checkNumbers(['OEE reached 91.5% [S1].'], sources);
    expect(result.passed).toBe(false);
    expect(result.details[0]).toMatch(/^91.5% not in S1/);
  });

  it('rejects rounding beyond the written precision: 87.26 is not "87.2"', () => {
    expect(checkNumbers(['OEE was 87.2% [S1].'], sources).passed).toBe(false);
    expect(checkNumbers(['OEE was 87% [S1].'], sources).passed).toBe(true);
  });

  it('requires the number to be in a source the sentence cites, not any source', () => {
    expect(checkNumbers(['NCR-1042 covers 120 housings [S1].'], sources).passed).toBe(false);
  });

  it('rejects identifiers and dates that the cited source does not contain', () => {
    expect(checkNumbers(['NCR-1043 was opened on 2025-03-01 [S2].'], sources).details).toEqual([
      expect.stringMatching(/^"NCR-1043" not found in S2/),
    ]);
    expect(checkNumbers(['NCR-1042 was opened on 2025-03-02 [S2].'], sources).passed).toBe(false);
  });

  it('rejects numbers in a sentence that cites nothing, and ignores redaction placeholders', () => {
    expect(checkNumbers(['Scrap was 37.'], sources).passed).toBe(false);
    expect(checkNumbers(['«PERSON_1» logged the scrap of 37 parts [S1].'], sources).passed).toBe(true);
  });
});
