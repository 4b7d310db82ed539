import { SignJWT, UnsecuredJWT } from 'jose';
import { issueDevToken } from './dev-token';
import { createJwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';

const SECRET = 'dev-secret-that-is-at-least-32-characters-long';
const NOW = new Date('2025-06-02T10:00:00.000Z');
const dana: Principal = {
  userId: 'u-qe-1',
  name: 'Dana Quality',
  roles: ['quality_engineer'],
  sites: ['plant-b'],
};

const verifier = createJwtVerifier({
  keys: { kind: 'hs256', secret: SECRET },
  issuer: 'andon-dev',
  audience: 'andon',
  now: () => NOW,
});
const devToken = (
  p: Principal = dana,
  extra: { expiresIn?: string; now?: Date; issuer?: string; secret?: string } = {},
) =>
  issueDevToken(p, {
    secret: extra.secret ?? SECRET,
    issuer: extra.issuer ?? 'andon-dev',
    audience: 'andon',
    now: extra.now ?? NOW,
    expiresIn: extra.expiresIn,
  });

describe('JWT verification (HS256 dev tokens)', () => {
  it('maps a valid dev token to the principal', async () => {
    expect(await verifier.verify(await devToken())).toEqual({ ok: true, principal: dana });
    expect(await verifier.verifyBearer(`Bearer ${await devToken()}`)).toEqual({ ok: true, principal: dana });
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const stale = await devToken(dana, { now: new Date('2025-06-02T08:00:00.000Z'), expiresIn: '1h' });
    expect(await verifier.verify(stale)).toMatchObject({ ok: false, status: 401, code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token signed with another secret', async () => {
    const other = await devToken(dana, { secret: 'another-secret-that-is-also-32-characters' });
    expect(await verifier.verify(other)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('refuses the wrong issuer and the wrong audience', async () => {
    expect(await verifier.verify(await devToken(dana, { issuer: 'evil' }))).toMatchObject({
      code: 'WRONG_ISSUER',
    });
    const otherAudience = await issueDevToken(dana, {
      secret: SECRET,
      issuer: 'andon-dev',
      audience: 'erp',
      now: NOW,
    });
    expect(await verifier.verify(otherAudience)).toMatchObject({ code: 'WRONG_AUDIENCE' });
  });

  it('refuses an unsigned (alg none) token', async () => {
    const unsigned = new UnsecuredJWT({ roles: ['admin'], sites: ['*'] })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .encode();
    expect(await verifier.verify(unsigned)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses garbage and a missing bearer header', async () => {
    expect(await verifier.verify('not.a.jwt')).toMatchObject({ code: 'MALFORMED_TOKEN' });
    expect(await verifier.verifyBearer(undefined)).toMatchObject({ code: 'MISSING_TOKEN' });
    expect(await verifier.verifyBearer('Basic abc')).toMatchObject({ code: 'MISSING_TOKEN' });
  });

  it('explains invalid claims: no Andon role, no sites, no expiry', async () => {
    const key = new TextEncoder().encode(SECRET);
    const base = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('andon-dev')
        .setAudience('andon')
        .setSubject('u-1')
        .setIssuedAt(NOW);
    const exp = Math.floor(NOW.getTime() / 1000) + 600;

    const noRole = await new SignJWT({ roles: ['offline_access'], sites: ['plant-a'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('andon-dev')
      .setAudience('andon')
      .setSubject('u-1')
      .setExpirationTime(exp)
      .sign(key);
    const r1 = await verifier.verify(noRole);
    expect(r1).toMatchObject({ code: 'INVALID_CLAIMS' });
    expect(r1.ok ? '' : r1.message).toMatch(/no Andon role/);

    const noSites = await new SignJWT({ roles: ['operator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('andon-dev')
      .setAudience('andon')
      .setSubject('u-1')
      .setExpirationTime(exp)
      .sign(key);
    const r2 = await verifier.verify(noSites);
    expect(r2.ok ? '' : r2.message).toMatch(/sites/);

    const noExpiry = await base().sign(key);
    expect(await verifier.verify(noExpiry)).toMatchObject({ code: 'INVALID_CLAIMS' });
  });

  it('keeps known roles and drops foreign ones', async () => {
    const key = new TextEncoder().encode(SECRET);
    const token = await new SignJWT({
      roles: ['offline_access', 'operator', 'operator'],
      sites: ['plant-a'],
      preferred_username: 'op7',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('andon-dev')
      .setAudience('andon')
      .setSubject('u-7')
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 600)
      .sign(key);
    expect(await verifier.verify(token)).toEqual({
      ok: true,
      principal: { userId: 'u-7', name: 'op7', roles: ['operator'], sites: ['plant-a'] },
    });
  });

  it('carries an optional line scope and refuses a malformed one or one outside the sites', async () => {
    const lineSupervisor: Principal = {
      userId: 'u-sup-1',
      name: 'Line Sup',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
      lines: ['plant-a/line-1', 'plant-a/line-1'],
    };
    expect(await verifier.verify(await devToken({ ...lineSupervisor, lines: ['plant-a/line-1'] }))).toEqual({
      ok: true,
      principal: { ...lineSupervisor, lines: ['plant-a/line-1'] },
    });
    await expect(devToken({ ...lineSupervisor, lines: ['plant-b/line-1'] })).rejects.toThrow(
      /outside the sites/,
    );

    const key = new TextEncoder().encode(SECRET);
    const exp = Math.floor(NOW.getTime() / 1000) + 600;
    const signed = (claims: Record<string, unknown>) =>
      new SignJWT({ roles: ['production_supervisor'], sites: ['plant-a'], ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('andon-dev')
        .setAudience('andon')
        .setSubject('u-sup-1')
        .setExpirationTime(exp)
        .sign(key);
    const deduplicated = await verifier.verify(await signed({ lines: ['plant-a/line-1', 'plant-a/line-1'] }));
    expect(deduplicated.ok && deduplicated.principal.lines).toEqual(['plant-a/line-1']);
    for (const [lines, message] of [
      ['line-1', /must be an array of line scopes/],
      [['line-1'], /not "<site>\/<line>"/],
      [[], /at least one line/],
      [['plant-b/line-1'], /"plant-b\/line-1" names a site outside the sites/],
    ] as const) {
      const result = await verifier.verify(await signed({ lines }));
      expect(result).toMatchObject({ ok: false, code: 'INVALID_CLAIMS' });
      expect(result.ok ? '' : result.message).toMatch(message);
    }
    const everySite = await verifier.verify(await signed({ sites: ['*'], lines: ['plant-b/*'] }));
    expect(everySite.ok && everySite.principal).toMatchObject({ sites: ['*'], lines: ['plant-b/*'] });
    const wildSite = await verifier.verify(await signed({ sites: ['*'], lines: ['*/line-1'] }));
    expect(wildSite.ok ? '' : wildSite.message).toMatch(/"\*\/line-1" must name one site/);
  });

  it('refuses a short HS256 secret at construction', () => {
    expect(() => createJwtVerifier({ keys: { kind: 'hs256', secret: 'short' } })).toThrow(/32/);
  });
});
