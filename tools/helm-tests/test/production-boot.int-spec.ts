import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { KafkaEventBus } from '@andon/bus';
import {
  ContentTypes,
  EvidenceKind,
  HeaderNames,
  ProposedAction,
  RiskClass,
  TOPIC_SPECS,
  Topics,
  locationKey,
} from '@andon/contracts';
import { createLogger } from '@andon/observability';
import { freePort, kafkaBrokers, mongoUri, ServiceProcess, uniqueName, waitFor } from '@andon/testing';
import { PRODUCTION_VALUES, REPO_ROOT, removeStagedChart, render, stageChart } from '../src/chart';
import { allServicesEnabled } from '../src/fixtures';
import { component, podTemplates, type PodTemplate } from '../src/manifests';

// The deployed shape, not the demo: each service's environment is taken from the chart
// rendered with values-production.yaml (profile, ports, which Secrets it gets), the Secrets
// are filled as an operator would, and approval, audit-ledger, mes-writeback and ingest boot
// on real Kafka and FerretDB. Only addresses, TLS and file paths are replaced by the test's.

const ISSUER = 'https://idp.plant.example.com/realms/andon';
const AUDIENCE = 'andon';
const SERVICES = ['approval', 'audit-ledger', 'mes-writeback', 'ingest'] as const;
type Service = (typeof SERVICES)[number];
/** Replaced by the test: where things are on this machine rather than in the cluster. */
const LOCAL_PATHS: Record<string, string> = {
  POLICY_DIR: join(REPO_ROOT, 'policies'),
  INGEST_SITE_CODES_DIR: join(REPO_ROOT, 'config/site-codes'),
  LLM_PROMPTS_DIR: join(REPO_ROOT, 'prompts'),
  LLM_REDACTION_DIR: join(REPO_ROOT, 'config/redaction'),
  PLANT_MODEL_DIR: join(REPO_ROOT, 'config/plant'),
  MES_ENDPOINTS_DIR: join(REPO_ROOT, 'config/mes-endpoints'),
};
const DROPPED = new Set([
  'KAFKA_SSL',
  'KAFKA_SASL_MECHANISM',
  'NODE_EXTRA_CA_CERTS',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
]);

interface RecordedCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

describe("the chart's production values boot into a mesh that keeps the demo's promises", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-production-boot-'));
  const mesToken = randomBytes(32).toString('base64url');
  const ingestToken = randomBytes(32).toString('base64url');
  const adminToken = randomBytes(32).toString('base64url');
  const signing = generateKeyPairSync('ed25519');
  const ledgerKey = generateKeyPairSync('ed25519');
  let chart = '';
  let pods: PodTemplate[] = [];
  let jwks: Server;
  let jwksUrl = '';
  let idpKey: KeyLike;
  let strangerKey: KeyLike;
  let mes: Server;
  let mesBase = '';
  const mesCalls: RecordedCall[] = [];
  const running: ServiceProcess[] = [];
  const urls: Partial<Record<Service, string>> = {};

  /** The Secrets an operator creates (docs/runbook.md, "Install"), by the names the chart references. */
  const secretData = (name: string): Record<string, string> => {
    const fixed: Record<string, Record<string, string>> = {
      'andon-auth': { JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
      'andon-signing-key': {
        APPROVAL_SIGNING_KEY_PEM: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      // The runbook's form: PEM blocks, one per trusted key.
      'andon-public-keys': {
        APPROVAL_PUBLIC_KEYS: signing.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
      'andon-mes': { MES_API_TOKEN: mesToken },
      'andon-ingest': { INGEST_HTTP_TOKENS: `${ingestToken}@plant-a`, INGEST_ADMIN_TOKENS: adminToken },
      'andon-ledger-checkpoint': {
        LEDGER_CHECKPOINT_KEY_PEM: ledgerKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    };
    if (name.startsWith('andon-mongo-'))
      return { MONGO_URI: mongoUri(uniqueName(name.slice('andon-mongo-'.length).replace(/-/g, '_'))) };
    return fixed[name] ?? {};
  };

  const deployedEnv = async (
    service: Service,
    overrides: Record<string, string | undefined> = {},
  ): Promise<Record<string, string>> => {
    const pod = pods.find((p) => component(p.owner) === service && p.owner.kind === 'Deployment');
    if (!pod) throw new Error(`the chart renders no Deployment for ${service}`);
    const container = pod.spec.containers[0];
    const env: Record<string, string> = {};
    for (const e of container?.env ?? [])
      if (e.value !== undefined && !DROPPED.has(e.name)) env[e.name] = LOCAL_PATHS[e.name] ?? e.value;
    for (const ref of container?.envFrom ?? []) Object.assign(env, secretData(ref.secretRef?.name ?? ''));
    Object.assign(env, {
      HTTP_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_CLIENT_ID: uniqueName(service),
      ANDON_DATA_DIR: join(dataDir, service),
      CONSUMER_GROUP: uniqueName(service),
      INGEST_GROUP_ID: uniqueName('ingest'),
      LOG_LEVEL: 'warn',
      ...(service === 'audit-ledger'
        ? { LEDGER_WITNESS_DIR: join(dataDir, 'witness'), LEDGER_CHECKPOINT_EVERY: '1' }
        : {}),
      ...(service === 'mes-writeback'
        ? { MES_BASE_URLS: JSON.stringify({ 'plant-a': mesBase, 'plant-b': mesBase }) }
        : {}),
    });
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return env;
  };

  const token = async (
    claims: Record<string, unknown>,
    options: { key?: KeyLike; issuer?: string; audience?: string; authTime?: number } = {},
  ) =>
    new SignJWT({ ...claims, auth_time: options.authTime ?? Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(options.key ?? idpKey);

  beforeAll(async () => {
    chart = stageChart();
    pods = podTemplates(render(chart, { valuesFiles: [PRODUCTION_VALUES], values: allServicesEnabled() }));
    const idp = await generateKeyPair('RS256');
    idpKey = idp.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', () => resolve()));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/certs`;
    mes = createServer((req, res) => {
      mesCalls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      req.resume();
      if (req.headers.authorization !== `Bearer ${mesToken}`)
        return void res.writeHead(401).end('{"error":"who are you"}');
      const lot = /\/lots\/([^/]+)\/hold/.exec(req.url ?? '')?.[1] ?? 'LOT';
      res
        .writeHead(req.method === 'GET' ? 404 : 201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ lotId: lot, status: 'held' }));
    });
    await new Promise<void>((resolve) => mes.listen(0, '127.0.0.1', () => resolve()));
    mesBase = `http://127.0.0.1:${(mes.address() as AddressInfo).port}/mes/v1`;
  }, 120_000);

  afterAll(async () => {
    for (const service of running.reverse()) await service.stop();
    jwks?.close();
    mes?.close();
    if (chart) removeStagedChart(chart);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders every service with ANDON_PROFILE=production', () => {
    for (const service of SERVICES) {
      const pod = pods.find((p) => component(p.owner) === service);
      expect(pod?.spec.containers[0]?.env?.find((e) => e.name === 'ANDON_PROFILE')?.value).toBe('production');
    }
  });

  it.each([
    [
      'approval',
      'the demo users file',
      { USERS_FILE: join(REPO_ROOT, 'services/approval/src/users/demo-users.yaml') },
      'USERS_FILE',
    ],
    [
      'approval',
      'a short HS256 secret and no identity provider',
      { JWT_HS256_SECRET: 'x'.repeat(32), JWKS_URL: undefined },
      'JWT_HS256_SECRET',
    ],
    ['approval', 'JWKS without an issuer', { JWT_ISSUER: undefined }, 'JWT_ISSUER'],
    [
      'approval',
      'a development signing key',
      { APPROVAL_SIGNING_KEY_PEM: undefined },
      'APPROVAL_SIGNING_KEY_PEM',
    ],
    ['mes-writeback', 'no MES credential', { MES_API_TOKEN: undefined }, 'MES_API_TOKEN'],
    ['audit-ledger', 'JWKS without an audience', { JWT_AUDIENCE: undefined }, 'JWT_AUDIENCE'],
    [
      'ingest',
      'an ingest token bound to no site',
      { INGEST_HTTP_TOKENS: randomBytes(32).toString('base64url') },
      'INGEST_HTTP_TOKENS',
    ],
  ] as const)(
    '%s refuses to start with %s, naming %s',
    async (service, _what, overrides, variable) => {
      const booted = ServiceProcess.spawn(service, await deployedEnv(service, overrides));
      const { code, log } = await booted.exit();
      expect(code).not.toBe(0);
      expect(log).toContain(variable);
    },
    90_000,
  );

  it('boots as deployed: no demo sign-in, no anonymous ledger, only the right issuer and audience, and the MES receives its credential', async () => {
    for (const service of SERVICES) {
      const env = await deployedEnv(service);
      const booted = ServiceProcess.spawn(service, env);
      running.push(booted);
      urls[service] = `http://127.0.0.1:${env['HTTP_PORT']}`;
      await booted.ready(`${urls[service]}/health/ready`, 120_000);
    }

    const login = await fetch(`${urls.approval}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', password: 'andon-demo' }),
    });
    expect(login.status).toBe(404);
    expect(await login.json()).toMatchObject({ code: 'LOGIN_DISABLED' });

    const auditor = { sub: 'co.gita', name: 'Gita', roles: ['compliance_officer'], sites: ['*'] };
    const ledger = (auth?: string) =>
      fetch(`${urls['audit-ledger']}/api/ledger/entries`, {
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      });
    expect((await ledger()).status).toBe(401);
    expect((await ledger(await token(auditor, { issuer: 'https://evil.example.com' }))).status).toBe(401);
    expect((await ledger(await token(auditor, { audience: 'another-app' }))).status).toBe(401);
    expect((await ledger(await token(auditor, { key: strangerKey }))).status).toBe(401);
    expect((await ledger(await token(auditor))).status).toBe(200);

    const ingest = await fetch(`${urls.ingest}/ingest/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ingest.status).toBe(401);

    // A transaction-class hold: two people sign at the approval API with fresh IdP sign-ins
    // (auth_time), no password anywhere; the decision reaches mes-writeback, which calls the MES.
    const actionId = `act-${randomUUID()}`;
    const now = Date.now();
    const proposal = ProposedAction.fromPartial({
      actionId,
      actionType: 'mes.hold_lot',
      riskClass: RiskClass.TRANSACTION_EXECUTION,
      location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1', cell: '' },
      product: 'PX-100',
      proposedBy: 'quality-agent',
      proposedAt: new Date(now - 60_000),
      expiresAt: new Date(now + 3_600_000),
      mesCall: {
        method: 'POST',
        path: '/lots/LOT-A1-00001/hold',
        payloadJson: '{"reason":"two bores out of spec","holdCode":"QH-01"}',
      },
      title: 'Hold lot LOT-A1-00001',
      rationale: 'Two out-of-spec bores [1].',
      evidence: [{ kind: EvidenceKind.EVENT, id: 'evt-0001' }],
      confidence: 0.7,
      generation: {
        promptId: 'quality.containment',
        promptVersion: '3',
        promptHash: 'ab'.repeat(32),
        model: 'deterministic',
        provider: 'deterministic',
      },
      correlationId: `corr-${actionId}`,
    });
    const bus = new KafkaEventBus({
      brokers: kafkaBrokers(),
      clientId: uniqueName('boot-proof'),
      logger: createLogger('boot-proof', 'warn'),
    });
    try {
      await bus.ensureTopics(
        [Topics.ActionsProposed].map((name) => ({ name, partitions: TOPIC_SPECS[name].partitions })),
      );
      await bus.publish([
        {
          topic: Topics.ActionsProposed,
          key: locationKey(proposal.location),
          value: ProposedAction.encode(proposal).finish(),
          headers: { [HeaderNames.EventId]: actionId, [HeaderNames.ContentType]: ContentTypes.Protobuf },
        },
      ]);
    } finally {
      await bus.close();
    }
    const as = async (claims: Record<string, unknown>) => ({
      authorization: `Bearer ${await token(claims)}`,
      'content-type': 'application/json',
    });
    const qe = await as({ sub: 'qe.anna', name: 'Anna', roles: ['quality_engineer'], sites: ['plant-a'] });
    const view = await waitFor(
      async () => {
        const res = await fetch(`${urls.approval}/api/actions/${actionId}`, { headers: qe });
        return res.ok ? ((await res.json()) as { actionHash: string }) : undefined;
      },
      { timeoutMs: 60_000, description: 'proposal stored by approval' },
    );
    const sign = async (headers: Record<string, string>, meaning: string) => {
      const res = await fetch(`${urls.approval}/api/actions/${actionId}/decisions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          decision: 'approve',
          meaning,
          reason: 'evidence reviewed',
          password: '',
          actionHash: view.actionHash,
        }),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          state?: string;
          action?: { signatures?: Array<{ reauthMethod: string }> };
        },
      };
    };
    expect(await sign(qe, 'APPROVAL')).toMatchObject({ status: 200, body: { state: 'pending' } });
    const supervisor = await as({
      sub: 'sup.ben',
      name: 'Ben',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
    });
    const second = await sign(supervisor, 'RESPONSIBILITY');
    expect(second).toMatchObject({ status: 200, body: { state: 'approved' } });
    expect(second.body.action?.signatures?.map((s) => s.reauthMethod)).toEqual([
      'oidc-step-up',
      'oidc-step-up',
    ]);

    const writeback = running.find((r) => r.name === 'mes-writeback');
    const hold = await waitFor(
      () => mesCalls.find((c) => c.method === 'POST' && c.url.includes('/lots/LOT-A1-00001/hold')),
      {
        timeoutMs: 90_000,
        get description() {
          return `the MES hold call (mes-writeback said: ${writeback?.logTail ?? ''}; MES saw ${JSON.stringify(mesCalls.map((c) => `${c.method} ${c.url}`))})`;
        },
      },
    );
    expect(hold.headers.authorization).toBe(`Bearer ${mesToken}`);
    expect(mesCalls.every((c) => c.headers.authorization === `Bearer ${mesToken}`)).toBe(true);
  }, 300_000);
});
