import { UsageError } from '../args';
import { parseEvalFlags } from './eval.command';

describe('andon eval flags', () => {
  it('parses the flags, inline values too', () => {
    expect(
      parseEvalFlags([
        '--repeats',
        '3',
        '--per-use-case=1',
        '--use-case',
        'ncr-triage,operator-qa',
        '--strict',
      ]),
    ).toEqual({
      repeats: 3,
      perUseCase: 1,
      useCases: ['ncr-triage', 'operator-qa'],
      strict: true,
    });
    expect(parseEvalFlags([])).toEqual({});
    expect(parseEvalFlags(['--help'])).toBeUndefined();
  });

  it('refuses bad counts, unknown use cases, unknown flags and stray arguments', () => {
    expect(() => parseEvalFlags(['--repeats', '0'])).toThrow('positive whole number');
    expect(() => parseEvalFlags(['--use-case', 'nonsense'])).toThrow('comma list');
    expect(() => parseEvalFlags(['--fast'])).toThrow(UsageError);
    expect(() => parseEvalFlags(['--repeats'])).toThrow(UsageError);
    expect(() => parseEvalFlags(['ncr-triage'])).toThrow(/unexpected argument "ncr-triage"/);
  });
});
