/**
 * "Ask the plant" latency: deterministic translate + execute (+ narrative and number
 * check) through PlantQueryService at 1M stored events on the embedded SQLite store.
 * Production is read from the hourly buckets the projector maintains (built here once, as
 * on an upgrade, because the facts are bulk-loaded) plus facts at ragged window edges.
 * From the repository root:
 *
 *   node -r @swc-node/register bench/ask/ask.bench.ts
 *   BENCH_ASK_EVENTS=200000 BENCH_ASK_ROUNDS=10 node -r @swc-node/register bench/ask/ask.bench.ts
 *
 * History: BENCH_ASK_EVENTS (default 1,000,000) facts over BENCH_ASK_DAYS (default 90)
 * on 8 lines / 2 sites, mixed like mes-sim (50% counts, 20% alarms, 15% checks, 10%
 * stops, 4% lots, 1% NCRs). Twelve supervisor questions are asked BENCH_ASK_ROUNDS
 * (default 30) times each after 3 warm-up rounds. Baselines, same run, same store:
 * execute-only (the validated query precomputed: no parsing, no narrative), and a raw SQL
 * aggregate (one SELECT SUM over json_extract on the same indexed table) for the two
 * scrap-rate questions, and execute-only with the hourly buckets switched off (production
 * read fact by fact, the layout before the buckets). Target: p95 <= 150 ms for ask.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Principal } from '@andon/governance/auth';
import { SqliteDocumentStore } from '@andon/persistence';
import { siteId, type Shift } from '@andon/plant-model';
import {
  FACT_COLLECTIONS,
  type FactKind,
  parseQuestion,
  type PlantCalendarSettings,
  PlantFactsRepository,
  PlantQueryService,
  QueryExecutor,
  QueryTranslator,
  rebuildProductionRollups,
} from '@andon/service-plant-query/bench';
import { ASK_NOW, SITE_OF_LINE, ZONES, askHistory, type FactDoc } from './ask-history';
import { percentile } from '../bench-stats';
import { clockOf } from '@andon/service-kit';

const EVENTS = Number(process.env['BENCH_ASK_EVENTS'] ?? 1_000_000);
const DAYS = Number(process.env['BENCH_ASK_DAYS'] ?? 90);
const ROUNDS = Number(process.env['BENCH_ASK_ROUNDS'] ?? 30);
const TARGET_P95_MS = 150;
const SITES = [siteId('plant-a'), siteId('plant-b')];

const QUESTIONS = [
  'How much downtime did line 3 have last night, and why?',
  'scrap rate on line-1 this week',
  'scrap rate on plant-a this week by line',
  'how many alarms on plant-b yesterday',
  'first pass yield on line 2 today',
  'OEE on plant-a last shift',
  'MTTR on line 3 this week',
  'MTBF on plant-b yesterday',
  'open NCRs last week by line',
  "Which lots used supplier ResinWorks GmbH's resin this week?",
  'critical alarms on line 6 today',
  'downtime by line in the last 24 hours',
];

/** p in 0..100, rounded to 0.1 ms. */
const pct = (ms: readonly number[], p: number): number => Math.round(percentile(ms, p / 100) * 10) / 10;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'andon-ask-bench-'));
  const file = join(dir, 'andon.sqlite');
  const store = SqliteDocumentStore.open(file);
  try {
    const repo = await PlantFactsRepository.open(store);
    const collections = Object.fromEntries(
      await Promise.all(
        (Object.keys(FACT_COLLECTIONS) as Array<keyof typeof FACT_COLLECTIONS>).map(async (k) => [
          k,
          await store.collection<FactDoc & { version: number }>(FACT_COLLECTIONS[k]),
        ]),
      ),
    );
    const loadStart = performance.now();
    const perKind: Record<string, number> = {};
    for (const batch of askHistory(EVENTS, DAYS)) {
      const byKind = new Map<FactKind, FactDoc[]>();
      for (const [kind, doc] of batch) byKind.set(kind, [...(byKind.get(kind) ?? []), doc]);
      for (const [kind, docs] of byKind) {
        await collections[kind]?.insertMany(docs, { ordered: true });
        perKind[kind] = (perKind[kind] ?? 0) + docs.length;
      }
    }
    const loadS = (performance.now() - loadStart) / 1000;
    console.log(
      `loaded ${EVENTS} events over ${DAYS} days in ${loadS.toFixed(1)} s: ${JSON.stringify(perKind)}`,
    );
    // The facts went in without the projector, so the hourly buckets are built the way an upgrade builds them.
    const rollupStart = performance.now();
    const buckets = await rebuildProductionRollups(repo, ['plant-a', 'plant-b']);
    console.log(
      `built ${buckets} hourly production buckets in ${((performance.now() - rollupStart) / 1000).toFixed(1)} s`,
    );

    // The bench's own plant (8 lines, 2 sites), on three 8-hour shifts.
    const shifts: Shift[] = [
      { code: 'A', startMinute: 360, hours: 8 },
      { code: 'B', startMinute: 840, hours: 8 },
      { code: 'C', startMinute: 1320, hours: 8 },
    ];
    const calendar: PlantCalendarSettings = {
      siteCalendar: (site) => {
        const zone = ZONES[site];
        return zone ? { site, zone, shifts } : undefined;
      },
      idealRate: () => 60,
      siteOfLine: (l) => {
        const site = SITE_OF_LINE[l];
        return site ? siteId(site) : undefined;
      },
      sites: () => SITES,
    };
    const executor = new QueryExecutor(repo, calendar, { maxScannedRows: 20_000, maxRangeDays: 31 });
    const factsOnly = new QueryExecutor(repo, calendar, {
      maxScannedRows: 20_000,
      maxRangeDays: 31,
      productionRollups: false,
    });
    const service = new PlantQueryService(
      executor,
      new QueryTranslator(),
      calendar,
      { sink: () => undefined },
      clockOf(() => new Date(ASK_NOW)),
    );
    const principal: Principal = {
      userId: 'bench',
      name: 'Bench Supervisor',
      roles: ['production_supervisor'],
      sites: ['plant-a', 'plant-b'],
    };
    const queries = QUESTIONS.map((q) => {
      const parsed = parseQuestion(q);
      if (!parsed.ok) throw new Error(`not parsed: ${q}`);
      return parsed.query;
    });
    for (const q of QUESTIONS) {
      const a = await service.ask(q, principal);
      if (!a.answerable) throw new Error(`"${q}" was refused: ${a.refusal?.message}`);
    }

    const raw = new Database(file, { readonly: true });
    const scrapSql = raw.prepare(
      `SELECT SUM(json_extract(doc, '$.good')) AS good, SUM(json_extract(doc, '$.scrap')) AS scrap, COUNT(*) AS n FROM "ds_pq_production"
       WHERE json_extract(doc, '$.site') = ? AND json_extract(doc, '$.atMs') >= ? AND json_extract(doc, '$.atMs') < ? AND (? IS NULL OR json_extract(doc, '$.line') = ?)`,
    );
    const weekFrom = Date.parse('2025-03-02T23:00:00Z');
    const rawScrap = [
      () => scrapSql.get('plant-a', weekFrom, ASK_NOW, 'line-1', 'line-1'),
      () => scrapSql.get('plant-a', weekFrom, ASK_NOW, null, null),
    ];

    // The figures must agree with the raw SQL before their speed means anything.
    for (const [i, get] of rawScrap.entries()) {
      const sqlRow = get() as { good: number; scrap: number };
      const answer = await service.ask(QUESTIONS[i + 1] as string, principal);
      const m = answer.total?.measures ?? {};
      if (m['good'] !== sqlRow.good || m['scrap'] !== sqlRow.scrap)
        throw new Error(
          `"${QUESTIONS[i + 1]}": ask says ${m['good']}/${m['scrap']}, SQL ${sqlRow.good}/${sqlRow.scrap}`,
        );
    }
    const ask: number[] = [];
    const exec: number[] = [];
    const execFacts: number[] = [];
    const scrapFacts: number[] = [];
    const sql: number[] = [];
    const perQuestion = QUESTIONS.map(() => [] as number[]);
    for (let round = -3; round < ROUNDS; round++) {
      for (const [i, q] of QUESTIONS.entries()) {
        const a = await time(() => service.ask(q, principal));
        const e = await time(() => executor.execute(queries[i] as (typeof queries)[number], SITES, ASK_NOW));
        const f = await time(() => factsOnly.execute(queries[i] as (typeof queries)[number], SITES, ASK_NOW));
        if (round < 0) continue;
        ask.push(a);
        exec.push(e);
        execFacts.push(f);
        if (i === 1 || i === 2) scrapFacts.push(f);
        perQuestion[i]?.push(a);
      }
      for (const r of rawScrap) {
        const s = await time(r);
        if (round >= 0) sql.push(s);
      }
    }
    raw.close();
    const scrapAsk = [...(perQuestion[1] ?? []), ...(perQuestion[2] ?? [])];
    console.log('\nper question (ask = translate + execute + narrative), ms:');
    for (const [i, q] of QUESTIONS.entries()) {
      const scanned = await executor.execute(queries[i] as (typeof queries)[number], SITES, ASK_NOW);
      console.log(
        `  p50 ${pct(perQuestion[i] ?? [], 50)
          .toFixed(1)
          .padStart(6)}  p95 ${pct(perQuestion[i] ?? [], 95)
          .toFixed(1)
          .padStart(6)}  scanned ${String(scanned.ok ? scanned.scanned : 0).padStart(6)}  ${q}`,
      );
    }
    const p95 = pct(ask, 95);
    console.log(`\n| path | samples | p50 ms | p95 ms | max ms |`);
    console.log(`|---|---|---|---|---|`);
    console.log(
      `| ask (deterministic translate + execute), 12-question mix | ${ask.length} | ${pct(ask, 50)} | ${p95} | ${pct(ask, 100)} |`,
    );
    console.log(
      `| baseline: execute-only, same mix | ${exec.length} | ${pct(exec, 50)} | ${pct(exec, 95)} | ${pct(exec, 100)} |`,
    );
    console.log(
      `| baseline: execute-only, production from facts (no hourly buckets), same mix | ${execFacts.length} | ${pct(execFacts, 50)} | ${pct(execFacts, 95)} | ${pct(execFacts, 100)} |`,
    );
    console.log(
      `| ask, the two scrap-rate questions | ${scrapAsk.length} | ${pct(scrapAsk, 50)} | ${pct(scrapAsk, 95)} | ${pct(scrapAsk, 100)} |`,
    );
    console.log(
      `| baseline: execute-only from facts (no buckets), the same two questions | ${scrapFacts.length} | ${pct(scrapFacts, 50)} | ${pct(scrapFacts, 95)} | ${pct(scrapFacts, 100)} |`,
    );
    console.log(
      `| baseline: raw SQL SUM for the same two questions | ${sql.length} | ${pct(sql, 50)} | ${pct(sql, 95)} | ${pct(sql, 100)} |`,
    );
    console.log(
      `\nask p95 / execute-only p95 = ${(p95 / Math.max(pct(exec, 95), 0.1)).toFixed(2)}; scrap ask p95 / raw SQL p95 = ${(pct(scrapAsk, 95) / Math.max(pct(sql, 95), 0.1)).toFixed(2)}`,
    );
    console.log(`target p95 <= ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'MET' : 'MISSED'} (${p95} ms)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
