import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { issueDevToken } from '@andon/governance/auth';
import { ServiceKitModule } from '../service-kit.module';
import { Authenticated, Public } from './access.decorators';
import { schemeProvider, userAuthProvider } from './auth-providers';
import { CurrentCaller } from './current-caller.decorator';
import type { Caller } from './authenticator';
import { StaticTokenAuthenticator } from './static-token-authenticator';
import { ServiceError } from '../errors/service-error';

const SECRET = 'kit-guard-test-secret-0123456789abcdef';
const MACHINE = 'machine-token-0123456789abcdefghijklmnop';

@Controller('t')
class ProbeController {
  @Get('unmarked')
  unmarked(@CurrentCaller() caller: Caller) {
    return { id: caller.id, sites: caller.sites };
  }

  @Get('open')
  @Public('a probe route for this test')
  open() {
    return { ok: true };
  }

  @Get('machine')
  @Authenticated('machine')
  machine(@CurrentCaller() caller: Caller) {
    return { id: caller.id, sites: caller.sites };
  }

  @Get('nobody')
  @Authenticated('never-provided')
  nobody() {
    return { reached: true };
  }

  @Get('refuse')
  @Public('throws a ServiceError for the error body test')
  refuse(): never {
    throw new ServiceError(409, 'SOMETHING', 'a clear reason', { 'Retry-After': '3' });
  }

  @Get('crash')
  @Public('throws an unexpected error for the error body test')
  crash(): never {
    throw new Error('internal detail that must not leak');
  }
}

async function start(withUserKey: boolean): Promise<{ app: INestApplication; base: string }> {
  @Module({
    imports: [ServiceKitModule],
    controllers: [ProbeController],
    providers: [
      userAuthProvider(withUserKey ? { JWT_HS256_SECRET: SECRET } : {}),
      schemeProvider(
        'machine',
        new StaticTokenAuthenticator('machine', [{ token: MACHINE, sites: ['plant-a'] }], 'the probe'),
      ),
    ],
  })
  class ProbeApp {}
  const app = await NestFactory.create(ProbeApp, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('the kit guard: closed unless @Public', () => {
  let app: INestApplication;
  let base: string;
  beforeAll(async () => ({ app, base } = await start(true)));
  afterAll(() => app.close());

  const get = async (path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };

  it('refuses an unmarked route without a valid person token, with WWW-Authenticate', async () => {
    const anonymous = await get('/t/unmarked');
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'MISSING_TOKEN' } });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await get('/t/unmarked', 'garbage')).status).toBe(401);
    expect((await get('/t/unmarked', MACHINE)).status).toBe(401);
    const person = await issueDevToken(
      { userId: 'qe.anna', name: 'Anna', roles: ['quality_engineer'], sites: ['plant-a'] },
      { secret: SECRET },
    );
    expect(await get('/t/unmarked', person)).toMatchObject({
      status: 200,
      body: { id: 'qe.anna', sites: ['plant-a'] },
    });
  });

  it('opens @Public routes to anyone', async () => {
    expect(await get('/t/open')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('authenticates a named scheme with its own credential only, carrying its site binding', async () => {
    expect(await get('/t/machine', MACHINE)).toMatchObject({ status: 200, body: { sites: ['plant-a'] } });
    const person = await issueDevToken(
      { userId: 'admin', name: 'Admin', roles: ['admin'], sites: ['*'] },
      { secret: SECRET },
    );
    expect((await get('/t/machine', person)).status).toBe(401);
  });

  it('closes a route whose scheme no module provides', async () => {
    expect(await get('/t/nobody', MACHINE)).toMatchObject({
      status: 401,
      body: { code: 'AUTH_NOT_CONFIGURED' },
    });
  });

  it('answers every refusal with { code, message } and its headers, and hides internal errors', async () => {
    const refused = await get('/t/refuse');
    expect(refused).toMatchObject({ status: 409, body: { code: 'SOMETHING', message: 'a clear reason' } });
    expect(refused.headers.get('retry-after')).toBe('3');
    const crashed = await get('/t/crash');
    expect(crashed).toEqual(
      expect.objectContaining({ status: 500, body: { code: 'INTERNAL', message: 'internal error' } }),
    );
  });
});

describe('the kit guard with no token key configured', () => {
  let app: INestApplication;
  let base: string;
  beforeAll(async () => ({ app, base } = await start(false)));
  afterAll(() => app.close());

  it('refuses every person route instead of opening it', async () => {
    const forged = await issueDevToken(
      { userId: 'admin', name: 'Admin', roles: ['admin'], sites: ['*'] },
      { secret: SECRET },
    );
    const res = await fetch(`${base}/t/unmarked`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'AUTH_NOT_CONFIGURED' });
  });
});
