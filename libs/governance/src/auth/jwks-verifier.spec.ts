import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type KeyLike } from 'jose';
import { issueDevToken } from './dev-token';
import { createJwtVerifier } from './jwt-verifier';

const NOW = new Date('2025-06-02T10:00:00.000Z');

async function rsaKey(
  kid: string,
): Promise<{ kid: string; privateKey: KeyLike; jwk: JSONWebKeySet['keys'][number] }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function idpToken(
  key: { kid: string; privateKey: KeyLike },
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({
    name: 'Sam Supervisor',
    roles: ['production_supervisor'],
    sites: ['plant-a', 'plant-b'],
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer('https://idp.example')
    .setAudience('andon')
    .setSubject('u-ps-1')
    .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 900)
    .sign(key.privateKey);
}

describe('JWT verification (RS256 via JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let current: Awaited<ReturnType<typeof rsaKey>>;

  beforeAll(async () => {
    current = await rsaKey('idp-2025');
    server = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ keys: [current.jwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies an IdP token against keys fetched from the JWKS URL', async () => {
    const verifier = createJwtVerifier({
      keys: { kind: 'jwks-url', url: jwksUrl },
      issuer: 'https://idp.example',
      audience: 'andon',
      now: () => NOW,
    });
    expect(await verifier.verify(await idpToken(current))).toEqual({
      ok: true,
      principal: {
        userId: 'u-ps-1',
        name: 'Sam Supervisor',
        roles: ['production_supervisor'],
        sites: ['plant-a', 'plant-b'],
      },
    });
  });

  it('verifies against a local JWKS and names an unknown key id', async () => {
    const verifier = createJwtVerifier({
      keys: { kind: 'jwks', jwks: { keys: [current.jwk] } },
      audience: 'andon',
      now: () => NOW,
    });
    expect((await verifier.verify(await idpToken(current))).ok).toBe(true);
    const stranger = await rsaKey('someone-else');
    expect(await verifier.verify(await idpToken(stranger))).toMatchObject({ ok: false, code: 'UNKNOWN_KEY' });
  });

  it('refuses an RS256 token whose signature was made by another key under the trusted kid', async () => {
    const verifier = createJwtVerifier({
      keys: { kind: 'jwks', jwks: { keys: [current.jwk] } },
      now: () => NOW,
    });
    const impostor = await rsaKey('idp-2025');
    expect(await verifier.verify(await idpToken(impostor))).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
  });

  it('refuses an HS256 dev token when only RS256 is trusted', async () => {
    const verifier = createJwtVerifier({
      keys: { kind: 'jwks', jwks: { keys: [current.jwk] } },
      now: () => NOW,
    });
    const dev = await issueDevToken(
      { userId: 'u-1', name: 'x', roles: ['admin'], sites: ['*'] },
      { secret: 'dev-secret-that-is-at-least-32-characters-long', now: NOW },
    );
    expect(await verifier.verify(dev)).toMatchObject({ ok: false, code: 'ALGORITHM_NOT_ALLOWED' });
  });

  it('answers 503 KEYS_UNAVAILABLE when the JWKS endpoint fails', async () => {
    const verifier = createJwtVerifier({
      keys: { kind: 'jwks-url', url: jwksUrl.replace('jwks.json', 'missing.json') },
      now: () => NOW,
    });
    expect(await verifier.verify(await idpToken(current))).toMatchObject({
      ok: false,
      status: 503,
      code: 'KEYS_UNAVAILABLE',
    });
  });

  it('answers 503 KEYS_UNAVAILABLE when the identity provider is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const verifier = createJwtVerifier({
      keys: { kind: 'jwks-url', url: `http://127.0.0.1:${port}/jwks.json` },
      now: () => NOW,
    });
    expect(await verifier.verify(await idpToken(current))).toMatchObject({
      ok: false,
      status: 503,
      code: 'KEYS_UNAVAILABLE',
    });
  });
});
