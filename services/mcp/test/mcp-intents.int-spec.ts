import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { parse, stringify } from 'yaml';
import { createEventBus, type EventBus } from '@andon/bus';
import { ProposedAction } from '@andon/contracts';
import { createLogger, Metrics } from '@andon/observability';
import { createDocumentStore, type DocumentStore } from '@andon/persistence';
import { freePort, kafkaBrokers, mongoUri, uniqueName, waitFor } from '@andon/testing';
import { readWholeTopic } from '@andon/agent-kit/testing';
import { loadMcpConfig, McpModule } from '../src';
import { callTool, connectClient, mcpToken, PEOPLE } from './support/mcp-client';

const ROOT = resolve(__dirname, '../../..');
const SECRET = 'mcp-intents-spec-secret-0123456789abcdef';

/**
 * MCP proposes typed intents and the site's endpoint map alone renders the MES call: a
 * site whose MES has other paths gets those paths with no MCP change, and an intent the
 * site maps no endpoint for is refused before anything is proposed. Also: the dev-token
 * route refuses a malformed body with the kit's one error body.
 */
describe('MCP proposals rendered by the endpoint map (Kafka + FerretDB)', () => {
  let app: INestApplication;
  let bus: EventBus;
  let store: DocumentStore;
  let dataDir: string;
  let base: string;
  let resource: string;
  const topics = { actionsProposed: uniqueName('mcp-intents'), llmCalls: uniqueName('mcp-intents-llm') };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    resource = `${base}/mcp`;
    dataDir = mkdtempSync(join(tmpdir(), 'andon-mcp-intents-'));
    // plant-a's MES with other paths than the shipped map, and no shift-log endpoint.
    const map = parse(readFileSync(join(ROOT, 'config/mes-endpoints/plant-a.yaml'), 'utf8')) as {
      actions: Record<string, { path: string }>;
    };
    map.actions['mes.hold_lot'] = { ...map.actions['mes.hold_lot'], path: '/v2/quarantine/{lotId}' } as {
      path: string;
    };
    delete map.actions['mes.post_shift_log'];
    const endpointsDir = join(dataDir, 'mes-endpoints');
    mkdirSync(endpointsDir);
    writeFileSync(join(endpointsDir, 'plant-a.yaml'), stringify(map));
    const log = createLogger('mcp-intents-spec', 'silent');
    bus = createEventBus(
      { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('mcp-intents') },
      { logger: log },
    );
    store = await createDocumentStore({
      MONGO_URI: mongoUri(uniqueName('mcp-intents')),
      ANDON_DATA_DIR: dataDir,
    });
    const config = loadMcpConfig({
      HTTP_PORT: String(port),
      MCP_RESOURCE_URL: resource,
      JWT_HS256_SECRET: SECRET,
      POLICY_DIR: join(ROOT, 'policies'),
      LLM_REDACTION_DIR: join(ROOT, 'config/redaction'),
      MES_ENDPOINTS_DIR: endpointsDir,
    });
    app = await NestFactory.create(
      McpModule.forRoot({ bus, store, log, metrics: new Metrics({}, false), config, topics }),
      { logger: false },
    );
    await app.listen(port, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const proposals = async () =>
    (await readWholeTopic(topics.actionsProposed).catch(() => [])).map((r) => ProposedAction.decode(r.value));

  it('renders a lot hold with the path the site map gives, the body with the action id first', async () => {
    const client = await connectClient(
      resource,
      await mcpToken(PEOPLE.anna, { secret: SECRET, audience: resource }),
    );
    const answer = await callTool(client, 'propose_lot_hold', {
      site: 'plant-a',
      line: 'line-1',
      lotId: 'L-MAP-1',
      reason: 'Porosity found on the first three parts',
    });
    await client.close();
    expect(answer.body).toMatchObject({ status: 'ok', actionType: 'mes.hold_lot' });
    const actionId = String(answer.body['actionId']);
    const action = await waitFor(async () => (await proposals()).find((p) => p.actionId === actionId), {
      timeoutMs: 30_000,
      description: `proposal ${actionId}`,
    });
    expect(action.mesCall).toMatchObject({ method: 'POST', path: '/v2/quarantine/L-MAP-1' });
    expect(action.mesCall?.payloadJson).toBe(
      JSON.stringify({ actionId, lotId: 'L-MAP-1', reason: 'Porosity found on the first three parts' }),
    );
  });

  it('refuses an intent the site maps no endpoint for, and proposes nothing', async () => {
    const client = await connectClient(
      resource,
      await mcpToken(PEOPLE.ben, { secret: SECRET, audience: resource }),
    );
    const answer = await callTool(client, 'propose_shift_log_entry', {
      site: 'plant-a',
      line: 'line-1',
      title: 'Handover: line-1 short on gauges',
      body: 'Two gauges out for calibration until Thursday.',
    });
    await client.close();
    expect(answer.isError).toBe(true);
    expect(answer.body).toMatchObject({ status: 'refused', code: 'NO_MES_ENDPOINT' });
    expect(String(answer.body['message'])).toMatch(/plant-a maps no MES endpoint for mes\.post_shift_log/);
    expect((await proposals()).some((p) => p.actionType === 'mes.post_shift_log')).toBe(false);
  });

  it('refuses a malformed dev-token body with the kit error body', async () => {
    const session = await mcpToken(PEOPLE.anna, { secret: SECRET });
    const post = (body: unknown) =>
      fetch(`${base}/mcp/dev-token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post({ client_id: 'no spaces/or slashes' });
    expect(bad.status).toBe(400);
    const refusal = (await bad.json()) as Record<string, unknown>;
    expect(Object.keys(refusal).sort()).toEqual(['code', 'message']);
    expect(refusal).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/^client_id: /),
    });
    const good = await post({
      client_id: 'desk-1',
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { resource: string }).resource).toBe(resource);
  });
});
