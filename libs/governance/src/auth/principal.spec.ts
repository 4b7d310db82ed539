import { hasLine, lineScopeProblems, scopedSites } from './principal';

describe('line scope of a principal', () => {
  it('hasLine: no scope covers everything; "<site>/<line>" that line; "<site>/*" the whole site, site-wide things included', () => {
    expect(hasLine({}, 'plant-a', '')).toBe(true);
    expect(hasLine({ lines: ['plant-a/line-1'] }, 'plant-a', 'line-1')).toBe(true);
    expect(hasLine({ lines: ['plant-a/line-1'] }, 'plant-a', 'line-2')).toBe(false);
    expect(hasLine({ lines: ['plant-a/line-1'] }, 'plant-b', 'line-1')).toBe(false);
    expect(hasLine({ lines: ['plant-a/line-1'] }, 'plant-a', '')).toBe(false);
    expect(hasLine({ lines: ['plant-a/*'] }, 'plant-a', '')).toBe(true);
    expect(hasLine({ lines: ['plant-a/*'] }, 'plant-a', 'line-9')).toBe(true);
    expect(hasLine({ lines: ['plant-a/*'] }, 'plant-b', 'line-9')).toBe(false);
  });

  it('scopedSites: the sites a line scope names, never more than the sites', () => {
    expect(scopedSites({ sites: ['plant-a', 'plant-b'] })).toEqual(['plant-a', 'plant-b']);
    expect(
      scopedSites({ sites: ['plant-a', 'plant-b'], lines: ['plant-b/line-3', 'plant-b/line-4'] }),
    ).toEqual(['plant-b']);
    expect(scopedSites({ sites: ['*'], lines: ['plant-c/*', 'plant-a/line-1'] })).toEqual([
      'plant-c',
      'plant-a',
    ]);
    expect(scopedSites({ sites: ['plant-a'], lines: ['plant-z/line-1'] })).toEqual([]);
  });

  it('lineScopeProblems: a "*" site or a site outside the sites is a configuration error', () => {
    expect(lineScopeProblems(['plant-a'], ['plant-a/line-1', 'plant-a/*'])).toEqual([]);
    expect(lineScopeProblems(['plant-a'], ['plant-b/line-1'])).toEqual([
      'line scope "plant-b/line-1" names a site outside the sites ["plant-a"]',
    ]);
    expect(lineScopeProblems(['*'], ['plant-b/line-1'])).toEqual([]);
    expect(lineScopeProblems(['*'], ['*/line-1'])).toEqual([
      'line scope "*/line-1" must name one site, not "*"',
    ]);
  });
});
