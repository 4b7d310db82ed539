import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ProposedAction } from '@andon/contracts';
import { uniqueName, waitFor } from '@andon/testing';
import { readWholeTopic } from '@andon/agent-kit/testing';
import { callTool, connectClient, mcpToken, PEOPLE } from './support/mcp-client';
import { ROOT, startMcpTestServer, type McpTestServer } from './support/mcp-test-server';

const SECRET = 'mcp-intents-spec-secret-0123456789abcdef';

/**
 * MCP proposes typed intents and the site's endpoint map alone renders the MES call: a
 * site whose MES has other paths gets those paths with no MCP change, and an intent the
 * site maps no endpoint for is refused before anything is proposed. Also: the dev-token
 * route refuses a malformed body with the kit's one error body.
 */
describe('MCP proposals rendered by the endpoint map (Kafka + FerretDB)', () => {
  let server: McpTestServer;
  let endpointsDir: string;
  let resource: string;
  const topics = { actionsProposed: uniqueName('mcp-intents'), llmCalls: uniqueName('mcp-intents-llm') };

  beforeAll(async () => {
    // plant-a's MES with other paths than the shipped map, and no shift-log endpoint.
    const map = parse(readFileSync(join(ROOT, 'config/mes-endpoints/plant-a.yaml'), 'utf8')) as {
      actions: Record<string, { path: string }>;
    };
    map.actions['mes.hold_lot'] = { ...map.actions['mes.hold_lot'], path: '/v2/quarantine/{lotId}' } as {
      path: string;
    };
    delete map.actions['mes.post_shift_log'];
    endpointsDir = mkdtempSync(join(tmpdir(), 'andon-mcp-intents-endpoints-'));
    writeFileSync(join(endpointsDir, 'plant-a.yaml'), stringify(map));
    server = await startMcpTestServer({
      name: 'mcp-intents',
      secret: SECRET,
      topics,
      env: { MES_ENDPOINTS_DIR: endpointsDir },
    });
    ({ resource } = server);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(endpointsDir, { recursive: true, force: true });
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
      fetch(`${server.base}/mcp/dev-token`, {
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
