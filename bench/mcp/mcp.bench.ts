/**
 * What MCP adds to a call: ask-the-plant and document search through the MCP server
 * (Streamable HTTP, the SDK's own client, bearer auth, downstream token, injection scan,
 * redaction, ledger record) against the same calls straight to the REST APIs, in the
 * same run on the same standalone process. Calls alternate REST / MCP so both see the
 * same plant and the same load. Target: MCP adds < 5 ms at p95.
 *
 *   npm run bench:mcp -- [iterations=300]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InProcessEventBus } from '@andon/bus';
import { createLogger, Metrics } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { freePort, waitFor } from '@andon/testing';
import { NestFactory } from '@nestjs/core';
import { loadMcpConfig, McpModule, McpServerService, McpTools, runTool } from '@andon/service-mcp/bench';
import { benchArgs } from '../bench-args';
import { percentile } from '../bench-stats';

const ROOT = resolve(__dirname, '../..');
const QUESTION = 'What was the downtime by reason on line-1 today?';
const SEARCH = 'lot hold containment procedure';
/** A question whose answer is one figure over few facts: what MCP adds when the payload is small. */
const SMALL_QUESTION = 'How many open NCRs are there on line-1?';

function stats(samples: number[]): { p50: number; p95: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    p50: r(percentile(s, 0.5)),
    p95: r(percentile(s, 0.95)),
    mean: r(s.reduce((a, b) => a + b, 0) / s.length),
  };
}

/** utime + stime of a process from /proc, in milliseconds. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * Where the added time goes, in-process and without HTTP: building the per-request server
 * (stateless transport: one server per POST) and the governance envelope of a tool call
 * (injection scan, result redaction, ledger record on an in-process bus) around a handler
 * that returns a typical ask answer at once.
 */
async function breakdown(n: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'andon-mcp-breakdown-'));
  const log = createLogger('bench', 'silent');
  const metrics = new Metrics({}, false);
  const bus = new InProcessEventBus({ logger: log, metrics });
  const store = SqliteDocumentStore.open(join(dir, 'andon.sqlite'));
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    const config = loadMcpConfig({
      JWT_HS256_SECRET: 'bench-secret-0123456789abcdefghijklmn',
      POLICY_DIR: join(ROOT, 'policies'),
      LLM_REDACTION_DIR: join(ROOT, 'config/redaction'),
    });
    // The real module, built by Nest: the same server factory and tool envelope /mcp uses.
    app = await NestFactory.createApplicationContext(
      McpModule.forRoot({ bus, store, log, metrics, config }),
      {
        logger: false,
      },
    );
    const servers = app.get(McpServerService);
    const tools = app.get(McpTools);
    const caller = {
      principal: {
        userId: 'qe.anna',
        name: 'Anna',
        roles: ['quality_engineer' as const],
        sites: ['plant-a'],
      },
      clientId: 'bench',
      token: 't',
      expiresAt: 0,
    };
    const body = {
      answer: 'Downtime on line-1 today was 42 minutes, mostly changeover.',
      rows: Array.from({ length: 10 }, (_, i) => ({
        group: { reason: `R${i}` },
        value: i,
        recordIds: [`e-${i}`],
      })),
      citations: Array.from({ length: 50 }, (_, i) => ({ recordId: `event:${i}` })),
    };
    const per = async (fn: () => unknown) => {
      for (let i = 0; i < Math.ceil(n / 10); i++) await fn();
      const t = performance.now();
      for (let i = 0; i < n; i++) await fn();
      return +((performance.now() - t) / n).toFixed(3);
    };
    return {
      serverPerRequestMs: await per(() => servers.serverFor(caller)),
      envelopeMs: await per(() =>
        runTool(
          tools,
          caller,
          'ask_plant',
          { question: QUESTION },
          1,
          { refuseFlagged: false },
          async () => ({ status: 'ok', body, cited: [] }),
        ),
      ),
    };
  } finally {
    await app?.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const iterations = benchArgs('usage: npm run bench:mcp -- [iterations]', ['iterations'], {
    iterations: '300',
  }).numbers.iterations;
  const warmup = Math.min(30, Math.ceil(iterations / 10));
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-mcp-bench-'));
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/standalone/src/main.ts'], {
    cwd: ROOT,
    // A short replayed history so the plant query has facts to aggregate; then a quiet plant.
    env: {
      ...process.env,
      HTTP_PORT: String(port),
      ANDON_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      KAFKA_BROKERS: '',
      MONGO_URI: '',
      ELASTICSEARCH_URL: '',
      SIM_BACKFILL_HOURS: '2',
      SIM_INTERVAL_MS: '5',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok, {
      timeoutMs: 180_000,
      description: 'standalone ready',
    });
    const login = (await (
      await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'qe.anna', password: 'andon-demo' }),
      })
    ).json()) as { token: string };
    const session = login.token;
    const dev = (await (
      await fetch(`${url}/mcp/dev-token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
        body: '{"client_id":"bench"}',
      })
    ).json()) as { access_token: string };
    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${dev.access_token}` } },
      }),
    );

    const rest = (path: string, body: object) => async () => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.json();
    };
    const mcp = (name: string, args: Record<string, unknown>) => async () => {
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.structuredContent)}`);
    };
    const sizes = { askBytes: 0, askSmallBytes: 0 };
    for (const [key, question] of [
      ['askBytes', QUESTION],
      ['askSmallBytes', SMALL_QUESTION],
    ] as const) {
      const res = await fetch(`${url}/api/plant-query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      });
      sizes[key] = (await res.arrayBuffer()).byteLength;
    }
    process.stdout.write(`REST answer sizes: ${JSON.stringify(sizes)}\n`);
    const pairs = {
      askSmall: {
        rest: rest('/api/plant-query', { question: SMALL_QUESTION }),
        mcp: mcp('ask_plant', { question: SMALL_QUESTION }),
      },
      ask: {
        rest: rest('/api/plant-query', { question: QUESTION }),
        mcp: mcp('ask_plant', { question: QUESTION }),
      },
      search: {
        rest: rest('/api/retrieve', {
          query: SEARCH,
          site: 'plant-a',
          topK: 8,
          includeNonEffective: false,
          docTypes: [
            'sop',
            'work_instruction',
            'maintenance_manual',
            'deviation_history',
            'ncr_history',
            'work_order_history',
          ],
        }),
        mcp: mcp('search_documents', { query: SEARCH, site: 'plant-a', topK: 8 }),
      },
    };
    const results: Record<string, unknown> = {};
    for (const [name, pair] of Object.entries(pairs)) {
      for (let i = 0; i < warmup; i++) {
        await pair.rest();
        await pair.mcp();
      }
      const r: number[] = [];
      const m: number[] = [];
      for (let i = 0; i < iterations; i++) {
        // Alternate which goes first, so neither always runs on a warmer cache.
        if (i % 2 === 0) {
          r.push(await timed(pair.rest));
          m.push(await timed(pair.mcp));
        } else {
          m.push(await timed(pair.mcp));
          r.push(await timed(pair.rest));
        }
      }
      const rs = stats(r);
      const ms = stats(m);
      // CPU per call, in blocks: the server process's CPU (/proc) and this client's. Unlike
      // wall time it does not grow with other processes' load on the same cores.
      const cpu = async (fn: () => Promise<void>) => {
        const n = Math.min(iterations, 200);
        const server0 = processCpuMs(child.pid as number);
        const client0 = process.cpuUsage();
        for (let i = 0; i < n; i++) await fn();
        const client = process.cpuUsage(client0);
        return {
          serverMs: +((processCpuMs(child.pid as number) - server0) / n).toFixed(2),
          clientMs: +((client.user + client.system) / 1000 / n).toFixed(2),
        };
      };
      const restCpu = await cpu(pair.rest);
      const mcpCpu = await cpu(pair.mcp);
      results[name] = {
        cpuPerCall: {
          rest: restCpu,
          mcp: mcpCpu,
          addedServerMs: +(mcpCpu.serverMs - restCpu.serverMs).toFixed(2),
          addedClientMs: +(mcpCpu.clientMs - restCpu.clientMs).toFixed(2),
        },
        rest: rs,
        mcp: ms,
        addedP50Ms: +(ms.p50 - rs.p50).toFixed(2),
        addedP95Ms: +(ms.p95 - rs.p95).toFixed(2),
        ratioP95: +(ms.p95 / rs.p95).toFixed(2),
        pass: ms.p95 - rs.p95 < 5,
      };
      process.stdout.write(`${name}: ${JSON.stringify(results[name])}\n`);
    }
    await client.close();
    const parts = await breakdown(1000);
    process.stdout.write(`breakdown: ${JSON.stringify(parts)}\n`);
    process.stdout.write(
      `${JSON.stringify({ iterations, warmup, targetAddedP95Ms: 5, results, breakdown: parts })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:mcp failed: ${(err as Error).message}\n`);
  process.exit(1);
});
