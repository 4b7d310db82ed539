import { linesFor, principalLineScope } from './line-scope';

describe('a principal line scope applied to plant queries', () => {
  it('without a line scope only the request narrows', () => {
    const scope = principalLineScope(['plant-a', 'plant-b'], undefined);
    expect(scope.sites).toEqual(['plant-a', 'plant-b']);
    expect(linesFor(scope, undefined, undefined)).toEqual({ ok: true, lines: undefined });
    expect(linesFor(scope, undefined, ['line-2'])).toEqual({ ok: true, lines: ['line-2'] });
  });

  it('narrows the sites to those the line scope names, and the lines to its line ids', () => {
    const scope = principalLineScope(['plant-a', 'plant-b'], ['plant-b/line-3', 'plant-b/line-4']);
    expect(scope.sites).toEqual(['plant-b']);
    expect(linesFor(scope, undefined, undefined)).toEqual({ ok: true, lines: ['line-3', 'line-4'] });
    expect(linesFor(scope, undefined, ['line-4'])).toEqual({ ok: true, lines: ['line-4'] });
    expect(linesFor(scope, undefined, ['line-4', 'line-1'])).toEqual({
      ok: false,
      code: 'line-out-of-scope',
      message: 'you are limited to line-3, line-4; not line-1',
    });
  });

  it('"<site>/*" means every line of that site; a specific line of the same site adds nothing', () => {
    const scope = principalLineScope(['plant-a'], ['plant-a/line-1', 'plant-a/*']);
    expect(scope.bySite?.get('plant-a')).toBe('*');
    expect(linesFor(scope, undefined, undefined)).toEqual({ ok: true, lines: undefined });
    expect(linesFor(scope, undefined, ['line-2'])).toEqual({ ok: true, lines: ['line-2'] });
  });

  it('asks for one site when the scope differs by site, and applies the lines of the site named', () => {
    const scope = principalLineScope(['plant-a', 'plant-b', 'plant-c'], ['plant-a/*', 'plant-b/line-3']);
    expect(scope.sites).toEqual(['plant-a', 'plant-b']);
    expect(linesFor(scope, undefined, undefined)).toEqual({
      ok: false,
      code: 'line-out-of-scope',
      message: 'your line scope differs by site (plant-a: every line; plant-b: line-3); ask about one site',
    });
    expect(linesFor(scope, ['plant-b'], undefined)).toEqual({ ok: true, lines: ['line-3'] });
    expect(linesFor(scope, ['plant-a'], undefined)).toEqual({ ok: true, lines: undefined });
  });
});
