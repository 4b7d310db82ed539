import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mongoUri, uniqueName, waitFor } from '@andon/testing';
import { getJson, login, startStandalone, type RunningStandalone } from './support/standalone-process';

/** The simulated MES's API credential (the write-back adapter presents the same). */
const MES_API_TOKEN = 'mcp-e2e-mes-token';

interface ToolAnswer {
  isError: boolean;
  body: Record<string, unknown>;
}

/**
 * The MCP promise on the whole mesh (standalone on FerretDB): a desktop client proposes a
 * lot hold through MCP; it appears in approval with the person and client as proposer;
 * the proposer cannot sign it; it reaches the MES only after the two signatures policy
 * requires; read tools answer with citations; the ledger holds the tool calls.
 */
describe('MCP through the standalone mesh', () => {
  let andon: RunningStandalone;
  let resource: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    andon = await startStandalone({
      SIM_GENERATOR: 'false',
      MONGO_URI: mongoUri(uniqueName('mcp-e2e')),
      MES_API_TOKEN,
    });
    resource = (await getJson<{ resource: string }>(`${andon.url}/.well-known/oauth-protected-resource/mcp`))
      .resource;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await andon?.stop();
  });

  /** Console sign-in, then the development stand-in for the IdP's token exchange: a token for the MCP server. */
  async function mcpClient(userId: string): Promise<Client> {
    const session = await login(andon.url, userId);
    const res = await fetch(`${andon.url}/mcp/dev-token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'e2e-desktop' }),
    });
    if (!res.ok) throw new Error(`dev token for ${userId}: ${res.status} ${await res.text()}`);
    const { access_token: token, resource: audience } = (await res.json()) as {
      access_token: string;
      resource: string;
    };
    expect(audience).toBe(resource);
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${andon.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    return { isError: r.isError === true, body: (r.structuredContent ?? {}) as Record<string, unknown> };
  }

  async function sign(
    userId: string,
    actionId: string,
    meaning: 'approval' | 'responsibility',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const token = await login(andon.url, userId);
    const res = await fetch(`${andon.url}/api/actions/${encodeURIComponent(actionId)}/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        decision: 'approve',
        meaning,
        reason: 'Evidence reviewed; containment needed',
        password: 'andon-demo',
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('a hold proposed through MCP executes only after the two required signatures, never by its proposer', async () => {
    const lots = await getJson<Array<{ id: string; status: string }>>(
      `${andon.url}/mes/v1/lots?site=plant-a&line=line-1`,
      MES_API_TOKEN,
    );
    const lot = lots.find((l) => l.status === 'released');
    if (!lot) throw new Error('mes-sim has no released lot on plant-a/line-1');

    const ines = await mcpClient('sup.ines');
    const proposed = await call(ines, 'propose_lot_hold', {
      site: 'plant-a',
      line: 'line-1',
      lotId: lot.id,
      reason: `Short shots on ${lot.id}; containment until inspection`,
    });
    expect(proposed.isError).toBe(false);
    expect(proposed.body).toMatchObject({ riskClass: 'transaction_execution', state: 'pending' });
    const actionId = String(proposed.body['actionId']);

    const anna = await login(andon.url, 'qe.anna');
    const detail = await waitFor(
      async () => {
        const res = await fetch(`${andon.url}/api/actions/${encodeURIComponent(actionId)}`, {
          headers: { authorization: `Bearer ${anna}` },
        });
        return res.ok
          ? ((await res.json()) as {
              state: string;
              canDecide: boolean;
              action: {
                proposedBy: string;
                generation: { model: string; provider: string; llmCallIds: string[] };
              };
            })
          : undefined;
      },
      { timeoutMs: 30_000, description: `${actionId} in approval` },
    );
    expect(detail.state).toBe('pending');
    expect(detail.canDecide).toBe(true);
    expect(detail.action.proposedBy).toBe('sup.ines');
    expect(detail.action.generation).toMatchObject({
      model: 'e2e-desktop',
      provider: 'mcp',
      llmCallIds: [proposed.body['toolCallId']],
    });

    // The same person through MCP sees it awaiting her signature, with who must sign.
    const annaMcp = await mcpClient('qe.anna');
    const awaiting = await call(annaMcp, 'actions_awaiting_my_signature', { site: 'plant-a' });
    expect(JSON.stringify(awaiting.body['actions'])).toContain(actionId);
    const explained = await call(annaMcp, 'explain_action', { actionId });
    expect(explained.body).toMatchObject({ state: 'pending', youCouldSign: true });

    // Separation of duties holds for an MCP proposer: the person behind the client cannot sign.
    const own = await sign('sup.ines', actionId, 'responsibility');
    expect(own.status).toBe(403);
    expect(JSON.stringify(own.body)).toMatch(/proposed this action/);

    expect((await sign('qe.anna', actionId, 'approval')).body['state']).toBe('pending');
    expect(
      (await getJson<{ status: string }>(`${andon.url}/mes/v1/lots/${lot.id}`, MES_API_TOKEN)).status,
    ).toBe('released');

    expect((await sign('sup.ben', actionId, 'responsibility')).body['state']).toBe('approved');
    await waitFor(
      async () =>
        (await getJson<{ status: string }>(`${andon.url}/mes/v1/lots/${lot.id}`, MES_API_TOKEN)).status ===
        'held',
      { timeoutMs: 30_000, description: `${lot.id} held` },
    );
    expect(
      await getJson<unknown[]>(
        `${andon.url}/mes/v1/effects?actionId=${encodeURIComponent(actionId)}`,
        MES_API_TOKEN,
      ),
    ).toHaveLength(1);

    // The ledger links the tool call and the action's story by the tool call id.
    const admin = await login(andon.url, 'admin');
    const entries = await waitFor(
      async () => {
        const { entries: e } = await getJson<{ entries: Array<{ kind: string }> }>(
          `${andon.url}/api/ledger/entries?correlationId=${encodeURIComponent(String(proposed.body['toolCallId']))}`,
          admin,
        );
        const kinds = new Set(e.map((x) => x.kind));
        return kinds.has('llm.call') && kinds.has('action.proposed') && kinds.has('action.executed')
          ? kinds
          : undefined;
      },
      { timeoutMs: 30_000, description: 'tool call, proposal and execution in the ledger' },
    );
    expect(entries.has('action.decided')).toBe(true);
    const verified = await call(annaMcp, 'verify_ledger', {});
    expect(verified.body).toMatchObject({ status: 'ok', ok: true });
  }, 180_000);

  it('read tools answer with citations: plant data through the DSL, documents by effective revision', async () => {
    const anna = await mcpClient('qe.anna');
    const asked = await call(anna, 'ask_plant', { question: 'How many open NCRs are there on line-1?' });
    expect(asked.isError).toBe(false);
    expect(asked.body).toHaveProperty('lineage.source', 'plant-query');
    const rest = await fetch(`${andon.url}/api/plant-query`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await login(andon.url, 'qe.anna')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ question: 'How many open NCRs are there on line-1?' }),
    });
    const direct = (await rest.json()) as {
      answer: string;
      query: unknown;
      rows: Array<{ value: number | null; recordIds: string[] }>;
    };
    expect(asked.body['answer']).toBe(direct.answer);
    expect(asked.body).toHaveProperty('lineage.query', direct.query);
    // The same figures, each row saying how many stored facts stand behind it.
    const rows = asked.body['rows'] as Array<{ value: number | null; recordCount: number }>;
    expect(rows.map((r) => [r.value, r.recordCount])).toEqual(
      direct.rows.map((r) => [r.value, r.recordIds.length]),
    );

    const found = await call(anna, 'search_documents', {
      query: 'lot hold containment procedure',
      site: 'plant-a',
    });
    const results = found.body['results'] as Array<{
      documentId: string;
      revision: string;
      status: string;
      citation: string;
    }>;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.status).toBe('approved');
      expect(r.citation).toBe(
        `${r.documentId}@${r.revision}#${(r as unknown as { chunkId: string }).chunkId}`,
      );
    }

    // The SOP in force as a resource, with its revision; the prompts steer onto the governed tools.
    const sop = await anna.readResource({ uri: 'andon://documents/SOP-Q-001' });
    const content = sop.contents[0] as { text: string; _meta?: Record<string, unknown> };
    expect(content.text).toMatch(/^# Lot hold and containment .*\(SOP-Q-001, revision D\)/);
    expect(content._meta).toMatchObject({
      documentId: 'SOP-Q-001',
      revision: 'D',
      status: 'approved',
      effective: true,
    });
    const templates = (await anna.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(
      expect.arrayContaining([
        'andon://documents/{documentId}',
        'andon://documents/{documentId}/revisions/{revision}',
      ]),
    );
    const triage = await anna.getPrompt({
      name: 'ncr_triage',
      arguments: { ncrId: 'NCR-1', site: 'plant-a' },
    });
    expect(JSON.stringify(triage.messages)).toMatch(/get_context.*propose_lot_hold/s);

    const crossSite = await call(anna, 'search_documents', { query: 'lot hold', site: 'plant-b' });
    expect(crossSite).toMatchObject({ isError: true, body: { code: 'SITE_OUT_OF_SCOPE' } });
  }, 120_000);
});
