import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ROLES, issueDevToken, type Principal } from '@andon/governance/auth';
import { createLogger } from '@andon/observability';
import { installPreAuthentication, listRoutes, type RouteEntry } from '@andon/service-kit';
import { INGEST_PRE_AUTH } from '@andon/service-ingest';
import { loadStandaloneConfig } from '../../src/config/standalone.config';
import { composeMesh, type Mesh } from '../../src/startup/compose-mesh';

// Every HTTP route of the whole mesh (the standalone composes every service module, so
// this is every route any service serves), read from the built application itself. A
// route is public only if it is on the reviewed list below; every other route refuses an
// anonymous caller, a garbage token, a token from another key and a person's token on a
// machine route, and accepts (at the authentication layer) every role, site and line
// scope its scheme serves. A new route is covered the moment it exists.

const SECRET = 'authorization-matrix-secret-0123456789abcdef';
const MES_TOKEN = 'matrix-mes-token-0123456789abcdefghij';
const INGEST_TOKEN = 'matrix-ingest-token-0123456789abcdefgh';
const ADMIN_TOKEN = 'matrix-admin-token-0123456789abcdefghi';

/** Reviewed exceptions: why each public route may be reached without a token. */
const REVIEWED_PUBLIC = new Set([
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'POST /api/auth/login',
  'GET /',
  'GET /console/*path',
  'GET /console/config.json',
  // RFC 9728: how an MCP client discovers where to get a token; it must be readable without one.
  'GET /.well-known/oauth-protected-resource',
  'GET /.well-known/oauth-protected-resource/mcp',
]);
/**
 * Public at the kit, authenticated by the route itself because the MCP specification fixes
 * the answer (401 with WWW-Authenticate naming the resource metadata): checked below.
 */
const SELF_AUTHENTICATED = new Set(['ALL /mcp', 'POST /mcp/dev-token']);
/** Machine schemes and the credential each accepts. */
const SCHEME_TOKENS: Record<string, string> = {
  'mes-client': MES_TOKEN,
  ingest: INGEST_TOKEN,
  'ingest-admin': ADMIN_TOKEN,
};

function concretePath(route: RouteEntry): string {
  return route.path.replace(/\*path/g, 'x').replace(/:[A-Za-z]+/g, 'x');
}

describe('authorization matrix: every route x credential x role x site x line', () => {
  let mesh: Mesh;
  let app: INestApplication;
  let base = '';
  let routes: RouteEntry[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-authz-'));

  beforeAll(async () => {
    const env: Record<string, string> = {
      ANDON_DATA_DIR: dataDir,
      JWT_HS256_SECRET: SECRET,
      MES_API_TOKEN: MES_TOKEN,
      INGEST_HTTP_TOKENS: `${INGEST_TOKEN}@plant-a`,
      INGEST_ADMIN_TOKENS: ADMIN_TOKEN,
      SIM_GENERATOR: 'false',
      SIM_BACKFILL_HOURS: '0',
      BUS_EMBEDDED: 'memory',
      RETRIEVAL_EMBEDDINGS: 'none',
      LOG_LEVEL: 'silent',
      HTTP_PORT: '0',
    };
    const config = loadStandaloneConfig(env);
    mesh = await composeMesh(config, env, createLogger('authz-matrix', 'silent'));
    const nest = await NestFactory.create<NestExpressApplication>(mesh.module, {
      logger: false,
      rawBody: true,
      bodyParser: false,
    });
    installPreAuthentication(nest, INGEST_PRE_AUTH);
    nest.useBodyParser('json', { limit: mesh.httpBodyLimit });
    app = nest;
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    routes = listRoutes(app);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await mesh?.bus.close();
    await mesh?.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (route: RouteEntry, authorization?: string): Promise<number> => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    };
    const method = route.method === 'ALL' ? 'GET' : route.method;
    const res = await fetch(`${base}${concretePath(route)}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      signal: AbortSignal.timeout(30_000),
    }).catch((err: unknown) => {
      throw new Error(`${route.method} ${route.path}: ${String(err)}`);
    });
    // The status is all the matrix reads; a live stream (server-sent events) never ends by itself.
    await res.body?.cancel();
    return res.status;
  };
  const bearer = async (principal: Principal, secret = SECRET) =>
    `Bearer ${await issueDevToken(principal, { secret })}`;

  it('finds the routes of every service in the built application', () => {
    const prefixes = new Set(routes.map((r) => r.path.split('/').slice(1, 3).join('/')));
    for (const prefix of [
      'api/actions',
      'api/ledger',
      'api/roi',
      'api/writeback',
      'api/reports',
      'api/plant-query',
      'api/ask',
      'ingest/v1',
      'mes/v1',
      'health',
    ]) {
      expect(
        [...prefixes].some(
          (p) =>
            p.startsWith(prefix.split('/')[0] ?? '') &&
            `${p}/`.startsWith(`${prefix}/`.slice(0, `${p}/`.length)),
        ),
      ).toBe(true);
    }
    expect(routes.length).toBeGreaterThan(30);
  });

  it('opens only the reviewed public routes, each with a stated reason', () => {
    const open = routes.filter((r) => r.access.kind === 'public');
    expect(
      open
        .map((r) => `${r.method} ${r.path}`)
        .filter((key) => !REVIEWED_PUBLIC.has(key) && !SELF_AUTHENTICATED.has(key)),
    ).toEqual([]);
    for (const r of open) if (r.access.kind === 'public') expect(r.access.reason.length).toBeGreaterThan(10);
  });

  it('refuses anonymous callers, garbage tokens and tokens signed with another key on every other route', async () => {
    const stranger = await bearer(
      { userId: 'admin', name: 'Forged Admin', roles: ['admin'], sites: ['*'] },
      'another-key-another-key-another-key-0123',
    );
    const failures: string[] = [];
    const guarded = routes.filter(
      (r) => r.access.kind === 'authenticated' || SELF_AUTHENTICATED.has(`${r.method} ${r.path}`),
    );
    for (const route of guarded) {
      for (const [label, auth] of [
        ['anonymous', undefined],
        ['garbage', 'Bearer not.a.jwt'],
        ['other key', stranger],
      ] as const) {
        const status = await call(route, auth);
        if (status !== 401) failures.push(`${route.method} ${route.path} answered ${status} to ${label}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a person's token on machine routes and a machine token on people's routes", async () => {
    const person = await bearer({ userId: 'admin', name: 'Admin', roles: ['admin'], sites: ['*'] });
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.access.kind === 'authenticated')) {
      const scheme = route.access.kind === 'authenticated' ? route.access.scheme : '';
      if (scheme === 'user') {
        for (const token of Object.values(SCHEME_TOKENS))
          if ((await call(route, `Bearer ${token}`)) !== 401)
            failures.push(`${route.method} ${route.path} accepted a machine token`);
      } else {
        if ((await call(route, person)) !== 401)
          failures.push(`${route.method} ${route.path} (${scheme}) accepted a person's token`);
        // The MCP server's tokens are audience-bound to it (RFC 8707); its own specs cover them.
        if (scheme === 'mcp') continue;
        const own = SCHEME_TOKENS[scheme];
        if (own === undefined)
          failures.push(`${route.method} ${route.path}: scheme ${scheme} is not in this matrix`);
        else if ((await call(route, `Bearer ${own}`)) === 401)
          failures.push(`${route.method} ${route.path} refused its own ${scheme} token`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('authenticates every role x site scope x line scope on the people routes, and none of them crashes a route', async () => {
    const scopes: Array<Pick<Principal, 'sites' | 'lines'>> = [
      { sites: ['plant-a'] },
      { sites: ['plant-b'] },
      { sites: ['*'] },
      { sites: ['plant-a'], lines: ['plant-a/line-1'] },
    ];
    const failures: string[] = [];
    const userRoutes = routes.filter((r) => r.access.kind === 'authenticated' && r.access.scheme === 'user');
    for (const role of ROLES) {
      for (const scope of scopes) {
        const token = await bearer({ userId: `u.${role}`, name: role, roles: [role], ...scope });
        for (const route of userRoutes) {
          const status = await call(route, token);
          if (status === 401 || status >= 500)
            failures.push(
              `${route.method} ${route.path} answered ${status} to ${role} ${JSON.stringify(scope)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it("never answers one site's data to a person of another site", async () => {
    const plantB = await bearer({
      userId: 'sup.dan',
      name: 'Dan',
      roles: ['production_supervisor', 'quality_engineer'],
      sites: ['plant-b'],
    });
    const lineScoped = await bearer({
      userId: 'sup.ines',
      name: 'Ines',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
      lines: ['plant-a/line-1'],
    });
    const get = async (path: string, auth: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: auth } });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    for (const path of [
      '/api/reports/summary?site=plant-a',
      '/api/ledger/entries?site=plant-a',
      '/api/roi?site=plant-a',
    ]) {
      expect({ path, status: (await get(path, plantB)).status }).toEqual({ path, status: 403 });
    }
    expect((await get('/api/actions?site=plant-a', plantB)).status).toBe(403);
    const ask = await fetch(`${base}/api/plant-query`, {
      method: 'POST',
      headers: { authorization: plantB, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'How many open NCRs on plant-a/line-2?' }),
    });
    const answer = (await ask.json()) as {
      answerable?: boolean;
      refusal?: { code: string };
      answer?: string;
    };
    expect({
      status: ask.status,
      answerable: answer.answerable,
      refusal: answer.refusal?.code,
      answer: answer.answer,
    }).toMatchObject({ status: 200, answerable: false });
    const lineAsk = await fetch(`${base}/api/plant-query`, {
      method: 'POST',
      headers: { authorization: lineScoped, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'How many open NCRs on line-2?' }),
    });
    const lineAnswer = (await lineAsk.json()) as {
      answerable?: boolean;
      refusal?: { code: string };
      answer?: string;
    };
    expect({
      status: lineAsk.status,
      answerable: lineAnswer.answerable,
      refusal: lineAnswer.refusal?.code,
      answer: lineAnswer.answer,
    }).toMatchObject({ status: 200, answerable: false });
  });
});
