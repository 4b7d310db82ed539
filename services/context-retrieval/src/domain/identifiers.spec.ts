import { compactIdentifier, extractIdentifiers } from './identifiers';

describe('extractIdentifiers', () => {
  it('keeps alarm codes, machine ids, part and product numbers whole', () => {
    const ids = extractIdentifiers(
      'Alarm A-200 on a-l1-m2 (PX-100): replace seal kit HP-2210 and bearing BRG-6204-2RS.',
    );
    expect(ids).toEqual(['a-200', 'a-l1-m2', 'px-100', 'hp-2210', 'brg-6204-2rs']);
  });

  it('recognises upper-case underscore codes without digits', () => {
    expect(extractIdentifiers('On TEMP_HI or PRESS_LO stop the mixer; not a code: snake_case.')).toEqual([
      'temp_hi',
      'press_lo',
    ]);
  });

  it('ignores plain numbers, dates and version numbers', () => {
    expect(extractIdentifiers('Wait 15 minutes, revision 3.2, effective 2026-01-15, step 4.')).toEqual([]);
  });

  it('finds letter-digit tokens such as M12 and NCR ids', () => {
    expect(extractIdentifiers('Torque the M12 bolts; see NCR-1042 and WO-77812.')).toEqual([
      'ncr-1042',
      'wo-77812',
      'm12',
    ]);
  });

  it('compacts identifiers for analysers that split on punctuation', () => {
    expect(compactIdentifier('a-l1-m2')).toBe('al1m2');
    expect(compactIdentifier('TEMP_HI')).toBe('temphi');
  });
});
