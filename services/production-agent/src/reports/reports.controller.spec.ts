import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { issueDevToken, type Principal } from '@andon/governance/auth';
import { siteId } from '@andon/plant-model';
import { waitFor } from '@andon/testing';
import { ProductionAgentModule } from '../production-agent.module';
import { ReportSummaryService } from './report-summary.service';
import { EmbeddedAdapters, deterministicLlm, silentLogger } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  at,
  count,
  DEFAULT_PRODUCTION_TOPICS,
  downtimeEnd,
  downtimeStart,
  productionConfig,
  shiftCounts,
  shiftEnd,
} from '../test-support/production-fixtures';
import type { ReportSummary } from './report-summary.service';

const SECRET = 'reports-controller-test-secret-0123456789';
const everySite: Principal = { userId: 'pm.pia', name: 'Pia', roles: ['plant_manager'], sites: ['*'] };
const plantB: Principal = {
  userId: 'sup.dan',
  name: 'Dan',
  roles: ['production_supervisor'],
  sites: ['plant-b'],
};

describe('GET /api/reports/summary', () => {
  let adapters: EmbeddedAdapters;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    adapters = EmbeddedAdapters.open();
    @Module({
      imports: [
        ProductionAgentModule.forRoot({
          bus: adapters.bus,
          store: adapters.store,
          log: silentLogger(),
          metrics: adapters.metrics,
          config: productionConfig({ PRODUCTION_SCRAP_SPIKE_RATE: 0.5, JWT_HS256_SECRET: SECRET }),
          llmSettings: deterministicLlm(),
          topics: DEFAULT_PRODUCTION_TOPICS,
          now: () => at(130),
        }),
      ],
    })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await publishPlantEvents(adapters.bus, DEFAULT_PRODUCTION_TOPICS.plantEvents, [
      ...shiftCounts(),
      downtimeStart('dt-s', 30, 'a-l1-m1'),
      downtimeEnd('dt-e', 50, 'a-l1-m1'),
      shiftEnd('se-1', 0, 120),
      count('b-1', 10, 100, 0, 'LOT-B3-00001', { site: 'plant-b', line: 'line-3' }),
      shiftEnd('se-b', 0, 120, { site: 'plant-b', line: 'line-3' }),
    ]);
    const reports = app.get(ReportSummaryService);
    await waitFor(
      async () => (await reports.summary([siteId('plant-a'), siteId('plant-b')])).handoffs.length === 2,
      {
        timeoutMs: 10_000,
        description: 'both shift reports stored',
      },
    );
  });
  afterAll(async () => {
    await app.close();
    await adapters.close();
  });

  const get = async (
    query: string,
    as: Principal | null = everySite,
  ): Promise<{ status: number; body: unknown }> => {
    const headers: Record<string, string> = as
      ? { authorization: `Bearer ${await issueDevToken(as, { secret: SECRET })}` }
      : {};
    const res = await fetch(`${base}/api/reports/summary${query}`, { headers });
    return { status: res.status, body: await res.json() };
  };

  it('answers the console for one site: OEE per line, downtime Pareto, hourly scrap rate and handoffs', async () => {
    const { status, body } = await get('?site=plant-a');
    expect(status).toBe(200);
    const summary = body as ReportSummary;
    expect(summary.oeeByLine).toEqual([
      {
        site: 'plant-a',
        line: 'line-1',
        oee: 0.75,
        availability: 0.8333,
        performance: 0.96,
        quality: 0.9375,
        shiftId: expect.any(String),
        from: '2025-03-03T06:00:00.000Z',
        to: '2025-03-03T08:00:00.000Z',
      },
    ]);
    expect(summary.downtimePareto).toEqual([{ reason: 'mechanical_failure', minutes: 20 }]);
    expect(summary.downtimeByMachine).toEqual([
      { site: 'plant-a', line: 'line-1', machineId: 'a-l1-m1', minutes: 20 },
    ]);
    expect(summary.periods).toEqual({
      paretoFrom: '2025-02-24T08:10:00.000Z',
      trendFrom: expect.any(String),
      to: '2025-03-03T08:10:00.000Z',
    });
    // Counts at minutes 5..55 fall in the 06:00 bucket, 65..115 in 07:00; every count scraps 30 of 480.
    expect(summary.scrapTrend).toEqual([
      { bucket: '2025-03-03T06:00:00.000Z', scrapRate: 0.0625, units: expect.any(Number) },
      { bucket: '2025-03-03T07:00:00.000Z', scrapRate: 0.0625, units: expect.any(Number) },
    ]);
    expect(summary.handoffs).toHaveLength(1);
    expect(summary.handoffs[0]).toMatchObject({
      title: 'Shift A handoff, plant-a/line-1, 2025-03-03',
      createdAt: '2025-03-03T08:10:00.000Z',
    });
    expect(summary.handoffs[0]?.body).toContain('OEE 75%');
    // [S0] is the shift-end event; the stops it reports follow, each a link in the console.
    expect(summary.handoffs[0]?.citations[0]).toMatchObject({ kind: 'event', id: 'se-1' });
    expect(summary.handoffs[0]?.citations.map((c) => c.id)).toEqual(expect.arrayContaining(['dt-s', 'dt-e']));
    expect(summary.handoffs[0]?.actionId).toEqual(expect.any(String));
  });

  it('answers for every configured site without ?site=, and refuses a malformed site', async () => {
    const all = (await get('')).body as ReportSummary;
    expect(all.oeeByLine.map((l) => `${l.site}/${l.line}`)).toEqual(['plant-a/line-1', 'plant-b/line-3']);
    expect((await get('?site=plant-c')).body).toMatchObject({
      oeeByLine: [],
      downtimePareto: [],
      downtimeByMachine: [],
      scrapTrend: [],
      handoffs: [],
    });
    expect((await get('?site=../etc')).status).toBe(400);
  });

  it('refuses a range the console does not offer with the kit error body', async () => {
    expect((await get('?site=plant-a&hours=24')).status).toBe(200);
    for (const bad of ['?hours=12', '?hours=day', '?hours=8&hours=24']) {
      const { status, body } = await get(bad);
      expect(status).toBe(400);
      expect(body).toEqual({ code: 'BAD_RANGE', message: expect.stringContaining('hours') });
    }
  });

  it("answers only the caller's sites: no token, a garbage token or another site is refused", async () => {
    expect((await get('?site=plant-a', null)).status).toBe(401);
    const garbage = await fetch(`${base}/api/reports/summary?site=plant-a`, {
      headers: { authorization: 'Bearer garbage' },
    });
    expect(garbage.status).toBe(401);
    expect((await get('?site=plant-a', plantB)).status).toBe(403);
    const own = (await get('', plantB)).body as ReportSummary;
    expect(own.oeeByLine.map((l) => l.site)).toEqual(['plant-b']);
    expect(own.handoffs.every((h) => !h.title.includes('plant-a'))).toBe(true);
  });
});
