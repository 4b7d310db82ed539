import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { issueDevToken } from '@andon/governance/auth';
import { TEST_HS256_SECRET, testUserDirectory } from '../testing/approval-harness';
import { AuthService } from './auth.service';

// A real JWKS endpoint on loopback stands in for the OIDC provider.
describe('AuthService', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyLike;
  const anna = {
    userId: 'qe.anna',
    name: 'Anna Quist',
    roles: ['quality_engineer' as const],
    sites: ['plant-a'],
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const rs256 = (claims: Record<string, unknown>, exp = '5m') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setSubject('qe.anna')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(privateKey);

  it('accepts an HS256 dev token and an RS256 token from the JWKS side by side', async () => {
    const auth = new AuthService({ hs256Secret: TEST_HS256_SECRET, jwksUrl }, await testUserDirectory());
    expect(
      await auth.authenticate(`Bearer ${await issueDevToken(anna, { secret: TEST_HS256_SECRET })}`),
    ).toEqual(anna);
    const oidc = await rs256({
      name: 'Anna Quist',
      roles: ['quality_engineer', 'offline_access'],
      sites: ['plant-a'],
    });
    expect(await auth.authenticate(`Bearer ${oidc}`)).toEqual(anna);
  });

  it('refuses tokens it has no verifier for, bad signatures, expired tokens and missing headers with 401', async () => {
    const hsOnly = new AuthService({ hs256Secret: TEST_HS256_SECRET }, await testUserDirectory());
    const oidc = await rs256({ roles: ['quality_engineer'], sites: ['plant-a'] });
    await expect(hsOnly.authenticate(`Bearer ${oidc}`)).rejects.toMatchObject({
      status: 401,
      code: 'ALGORITHM_NOT_ALLOWED',
    });
    const forged = await issueDevToken(anna, { secret: 'another-secret-that-is-32-characters-long' });
    await expect(hsOnly.authenticate(`Bearer ${forged}`)).rejects.toMatchObject({
      status: 401,
      code: 'BAD_SIGNATURE',
    });
    const expired = await issueDevToken(anna, {
      secret: TEST_HS256_SECRET,
      now: new Date(Date.now() - 3 * 3600_000),
      expiresIn: '1h',
    });
    await expect(hsOnly.authenticate(`Bearer ${expired}`)).rejects.toMatchObject({
      status: 401,
      code: 'TOKEN_EXPIRED',
    });
    await expect(hsOnly.authenticate(undefined)).rejects.toMatchObject({
      status: 401,
      code: 'MISSING_TOKEN',
    });
    await expect(hsOnly.authenticate('Bearer abc')).rejects.toMatchObject({
      status: 401,
      code: 'MALFORMED_TOKEN',
    });
  });

  it('logs demo users in with HS256 only, and refuses password login when only OIDC is configured', async () => {
    const auth = new AuthService({ hs256Secret: TEST_HS256_SECRET }, await testUserDirectory());
    const { token, user } = await auth.login('sup.ben', 'andon-demo');
    expect(user).toEqual({
      userId: 'sup.ben',
      name: 'Ben Sutter',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
    });
    expect(await auth.authenticate(`Bearer ${token}`)).toEqual(user);
    await expect(auth.login('sup.ben', 'wrong')).rejects.toMatchObject({ status: 401 });
    const oidcOnly = new AuthService({ jwksUrl }, await testUserDirectory());
    await expect(oidcOnly.login('sup.ben', 'andon-demo')).rejects.toMatchObject({
      status: 404,
      code: 'LOGIN_DISABLED',
    });
  });
});
