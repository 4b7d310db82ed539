import { checkCitations } from './citation-check';
import { citedLabels, isClaim, splitSentences } from './sentences';

describe('sentences', () => {
  it('splits on sentence ends, keeps decimals and abbreviations, attaches trailing markers', () => {
    expect(
      splitSentences(
        'OEE was 87.3% [S1]. Scrap rose, e.g. on line 2 [S2]. Next shift. [S3]\nNew line claim.',
      ),
    ).toEqual([
      'OEE was 87.3% [S1].',
      'Scrap rose, e.g. on line 2 [S2].',
      'Next shift. [S3]',
      'New line claim.',
    ]);
    expect(citedLabels('a [S1, S3] b [S2][S1]')).toEqual(['S1', 'S3', 'S2']);
    expect(isClaim('None.')).toBe(false);
    expect(isClaim('No open actions.')).toBe(false);
    expect(isClaim('12 scrapped.')).toBe(true);
  });
});

describe('checkCitations', () => {
  const known = new Set(['S0', 'S1', 'S2']);

  it('passes when every claim cites a known source, and reports what was cited', () => {
    const result = checkCitations(
      ['Press 4 stopped for 42 minutes [S1]. The hydraulic pump was replaced [S2, S1].', 'None.'],
      known,
    );
    expect(result).toMatchObject({ passed: true, details: [], cited: ['S1', 'S2'] });
  });

  it('fails an uncited claim sentence', () => {
    const result = checkCitations(
      ['Press 4 stopped for 42 minutes [S1]. The root cause is operator error on the night shift.'],
      known,
    );
    expect(result.passed).toBe(false);
    expect(result.details).toEqual(['uncited claim: "The root cause is operator error on the night shift."']);
  });

  it('fails a citation of a source the model was not given', () => {
    const result = checkCitations(['Press 4 stopped for 42 minutes [S7].'], known);
    expect(result.passed).toBe(false);
    expect(result.details[0]).toMatch(/unknown source S7/);
  });
});
