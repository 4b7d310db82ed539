import { parseCommandArgs, parseInstant, positiveInt, UsageError } from './args';

describe('CLI argument helpers', () => {
  const now = new Date('2026-12-06T20:00:00.000Z');

  it('reads an age back from now or an ISO time', () => {
    expect(parseInstant('since', '15m', now)).toBe('2026-12-06T19:45:00.000Z');
    expect(parseInstant('since', '2h', now)).toBe('2026-12-06T18:00:00.000Z');
    expect(parseInstant('since', '7d', now)).toBe('2026-11-29T20:00:00.000Z');
    expect(parseInstant('since', '30s', now)).toBe('2026-12-06T19:59:30.000Z');
    expect(parseInstant('from', '2026-12-01T00:00:00+01:00', now)).toBe('2026-11-30T23:00:00.000Z');
    expect(parseInstant('from', '2026-12-01', now)).toBe('2026-12-01T00:00:00.000Z');
    expect(() => parseInstant('since', 'last tuesday', now)).toThrow(UsageError);
    expect(() => parseInstant('since', '15 m', now)).toThrow(/--since must be an ISO time or an age/);
  });

  it('accepts positive whole numbers only', () => {
    expect(positiveInt('limit', '3', 50)).toBe(3);
    expect(positiveInt('limit', undefined, 50)).toBe(50);
    expect(positiveInt('limit', undefined)).toBeUndefined();
    for (const bad of ['0', '-1', '1.5', 'many'])
      expect(() => positiveInt('limit', bad, 50)).toThrow(/--limit must be a positive whole number/);
  });

  it('turns parseArgs errors into usage errors that carry the usage text', () => {
    const usage = 'usage: andon thing';
    expect(
      parseCommandArgs(
        ['list', '--n', '3', '--flag'],
        { n: { type: 'string' }, flag: { type: 'boolean' } },
        usage,
      ),
    ).toMatchObject({ positionals: ['list'], values: { n: '3', flag: true } });
    expect(parseCommandArgs(['--n=4'], { n: { type: 'string' } }, usage).values.n).toBe('4');
    expect(parseCommandArgs(['-h'], {}, usage).values.help).toBe(true);
    for (const argv of [['--unknown'], ['--n']]) {
      try {
        parseCommandArgs(argv, { n: { type: 'string' } }, usage);
        throw new Error(`accepted ${argv.join(' ')}`);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as UsageError).usage).toBe(usage);
      }
    }
  });
});
