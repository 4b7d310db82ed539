import { documentRevisionKey, locationKey } from './index';

describe('locationKey', () => {
  it('is site/line when the line is known', () => {
    expect(locationKey({ site: 'plant-a', line: 'line-2' })).toBe('plant-a/line-2');
  });

  it('is the site alone for site-wide records', () => {
    expect(locationKey({ site: 'plant-a', line: '' })).toBe('plant-a');
  });

  it('refuses a missing site rather than producing an unordered key', () => {
    expect(() => locationKey({ site: '', line: 'line-2' })).toThrow(/site is required/);
    expect(() => locationKey(undefined)).toThrow(/site is required/);
  });

  it('refuses parts containing the separator, which would make two locations collide', () => {
    expect(() => locationKey({ site: 'a/b', line: 'c' })).toThrow(/must not contain/);
    expect(() => locationKey({ site: 'a', line: 'b/c' })).toThrow(/must not contain/);
  });
});

describe('documentRevisionKey', () => {
  it('is document/revision', () => {
    expect(documentRevisionKey('SOP-12', 'C')).toBe('SOP-12/C');
  });

  it('requires both parts', () => {
    expect(() => documentRevisionKey('SOP-12', '')).toThrow(/required/);
  });
});
