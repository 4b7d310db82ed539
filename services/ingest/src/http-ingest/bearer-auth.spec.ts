import { authenticate } from './bearer-auth';

describe('authenticate', () => {
  const tokens = ['alpha-token', 'beta-token'];

  it('accepts any configured token and returns a fingerprint, not the token', () => {
    const a = authenticate('Bearer alpha-token', tokens);
    const b = authenticate('bearer beta-token', tokens);
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(b).toMatch(/^[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it.each([undefined, '', 'alpha-token', 'Basic alpha-token', 'Bearer alpha-token-2', 'Bearer ALPHA-TOKEN', 'Bearer  '])('refuses %p', (header) => {
    expect(authenticate(header, tokens)).toBeUndefined();
  });

  it('refuses everyone when no token is configured', () => {
    expect(authenticate('Bearer anything', [])).toBeUndefined();
  });
});
