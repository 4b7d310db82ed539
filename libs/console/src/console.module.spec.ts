import { resolveAsset } from './console.module';

describe('resolveAsset', () => {
  it('serves known asset types inside the folder', () => {
    expect(resolveAsset('app.js')).toMatch(/assets\/app\.js$/);
    expect(resolveAsset('views/action.js')).toMatch(/assets\/views\/action\.js$/);
  });
  it('refuses path traversal and unknown files', () => {
    expect(resolveAsset('../src/console.module.ts')).toBeUndefined();
    expect(resolveAsset('../../../package.json')).toBeUndefined();
    expect(resolveAsset('nope.js')).toBeUndefined();
  });
});
