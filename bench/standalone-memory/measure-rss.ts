/**
 * Runs `services/standalone` (exactly what `npm start` runs) with the simulated plant at
 * its default rates and samples the process's resident memory, so docs/benchmarks.md can
 * state the RSS after an hour. Baseline: the RSS right after start-up, in the same run.
 *
 *   node -r @swc-node/register bench/standalone-memory/measure-rss.ts [minutes=60]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from '@andon/testing';
import { benchArgs } from '../bench-args';

const ROOT = resolve(__dirname, '../..');

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

async function main(): Promise<void> {
  const minutes = benchArgs('usage: npm run bench:standalone-memory -- [minutes]', ['minutes'], {
    minutes: '60',
  }).numbers.minutes;
  const port = await freePort();
  const metricsPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-rss-'));
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/standalone/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...modelEnv(),
      HTTP_PORT: String(port),
      METRICS_PORT: String(metricsPort),
      ANDON_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  // Prometheus is served on its own port (docs/security.md).
  const metricsUrl = `http://127.0.0.1:${metricsPort}`;
  await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok, {
    timeoutMs: 120_000,
    description: 'standalone ready',
  });
  const pid = child.pid as number;
  const samples: Array<{ minute: number; rssMb: number; published: number }> = [];
  const started = Date.now();
  for (let m = 0; m <= minutes; m++) {
    const due = started + m * 60_000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const sample = {
      minute: m,
      rssMb: rssMb(pid),
      published: await metric(metricsUrl, 'andon_bus_published_total'),
    };
    samples.push(sample);
    process.stdout.write(`${JSON.stringify(sample)}\n`);
  }
  child.kill('SIGTERM');
  const first = samples[0] as (typeof samples)[number];
  const last = samples[samples.length - 1] as (typeof samples)[number];
  const peak = Math.max(...samples.map((s) => s.rssMb));
  const summary = {
    minutes,
    baselineRssMb: first.rssMb,
    finalRssMb: last.rssMb,
    peakRssMb: peak,
    ratioToBaseline: +(last.rssMb / first.rssMb).toFixed(2),
    eventsPublished: last.published,
    targetMb: 600,
    pass: peak < 600,
  };
  writeFileSync(join(ROOT, 'tmp-standalone-rss.json'), JSON.stringify({ summary, samples }, null, 2));
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

void main();

/** As deploy/local/start.sh does for `npm start`: the offline embedding model, when it installs. */
function modelEnv(): Record<string, string> {
  if (process.env['EMBEDDINGS'] === 'none' || process.env['MINILM_MODEL_DIR']) return {};
  try {
    const out = execFileSync('bash', ['deploy/local/install-minilm.sh'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dir = out.trim().split('\n').pop() ?? '';
    return dir ? { MINILM_MODEL_DIR: dir } : {};
  } catch {
    process.stderr.write(
      'all-MiniLM-L6-v2 unavailable: measuring the BM25-only standalone, as npm start would run it\n',
    );
    return {};
  }
}
