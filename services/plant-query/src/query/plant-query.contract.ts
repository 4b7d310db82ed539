import type { DocumentStore } from '@andon/persistence';
import { siteId, type SiteId } from '@andon/plant-model';
import type { PlantCalendar } from '../calendar/plant-calendar';
import type { PlantFactsRepository } from '../facts/plant-facts.repository';
import { NOW, seededHistory } from '../test-support/seeded-history';
import { seededStore, type SeededStore } from '../test-support/seeded-store';
import { validatePlantQuery, type PlantQuery, type PlantQueryInput } from './plant-query.dsl';
import { parseQuestion } from './question-parser';
import { QueryExecutor, type ExecutionResult } from './query-executor';

const BOTH = [siteId('plant-a'), siteId('plant-b')];
const PLANT_B = [siteId('plant-b')];

/**
 * One query suite, run against each DocumentStore adapter (SQLite in the unit run,
 * MongoDB wire / FerretDB in the integration run). The history goes in through the
 * projector, as the consumer would write it; expected figures come from seeded-history.ts.
 */
export function runPlantQueryContract(
  name: string,
  openStore: () => Promise<DocumentStore>,
  closeStore: (store: DocumentStore) => Promise<void>,
): void {
  describe(`plant-query execution on ${name}`, () => {
    let store: DocumentStore;
    let seeded: SeededStore;
    let executor: QueryExecutor;
    let repo: PlantFactsRepository;
    let calendar: PlantCalendar;

    beforeAll(async () => {
      store = await openStore();
      // The real module on this store; the history goes in twice: redelivery must not double anything.
      seeded = await seededStore([...seededHistory(), ...seededHistory()], {
        open: async () => store,
        maxScannedRows: 1000,
      });
      ({ executor, repo, calendar } = seeded);
    }, 60_000);
    afterAll(async () => {
      await seeded.app.close();
      await seeded.bus.close();
      await closeStore(store);
    });

    const ask = async (question: string, sites: SiteId[] = BOTH): Promise<ExecutionResult> => {
      const parsed = parseQuestion(question);
      if (!parsed.ok) throw new Error(`parser refused "${question}": ${parsed.reason}`);
      return executor.execute(parsed.query, sites, NOW.getTime());
    };
    const run = async (input: PlantQueryInput, sites: SiteId[] = BOTH): Promise<ExecutionResult> => {
      const v = validatePlantQuery(input);
      if (!v.ok) throw new Error(v.problems.join('; '));
      return executor.execute(v.query as PlantQuery, sites, NOW.getTime());
    };
    const ok = (r: ExecutionResult) => {
      if (!r.ok) throw new Error(`refused: ${r.message}`);
      return r;
    };

    it('downtime on line 3 last night, by reason: stops clipped to the night shift in New York', async () => {
      const r = ok(await ask('How much downtime did line 3 have last night, and why?'));
      expect(r.sites).toEqual(['plant-b']);
      expect(r.windows['plant-b']).toMatchObject({
        from: '2025-03-05T03:00:00.000Z',
        to: '2025-03-05T11:00:00.000Z',
      });
      expect(r.total.value).toBe(60 + 20 + 30);
      expect(r.rows.map((row) => [row.key['reason'], row.value])).toEqual([
        ['mechanical_failure', 60],
        ['blocked', 30],
        ['changeover', 20],
      ]);
      expect(r.rows[0]?.recordIds).toEqual(['b3-1-e']);
    });

    it('scrap rate on line-1 this week: from Monday 00:00 Berlin, other lines and last week excluded', async () => {
      const r = ok(await ask('scrap rate on line-1 this week'));
      expect(r.windows['plant-a']?.from).toBe('2025-03-02T23:00:00.000Z');
      const scrap = 100 + 50 + 5 + 300;
      const total = 1000 + 500 + 100 + 3000;
      expect(r.total.measures).toEqual({ good: total - scrap, scrap, total });
      expect(r.total.value).toBe(Math.round((scrap / total) * 10_000) / 10_000);
    });

    it('scrap over a ragged window: edges from facts, whole hours from buckets, links to the facts', async () => {
      // line-1 09:30Z Tue -> 11:30Z Wed: a1-c2 (10:00Z Tue, 450/50) and a1-oee (07:30Z, 2700/300) come from hourly
      // buckets; a1-c3 (11:00Z, 95/5) from the facts of the trailing half hour.
      const r = ok(
        await run({
          metric: 'scrap_rate',
          filters: { line: ['line-1'] },
          time: { kind: 'absolute', from: '2025-03-04T09:30:00Z', to: '2025-03-05T11:30:00Z' },
        }),
      );
      expect(r.total.measures).toEqual({ good: 450 + 2700 + 95, scrap: 50 + 300 + 5, total: 3600 });
      expect([...r.total.recordIds].sort()).toEqual(['a1-c2', 'a1-c3', 'a1-oee']);
      const factsOnly = new QueryExecutor(repo, calendar, {
        maxScannedRows: 1000,
        maxRangeDays: 31,
        productionRollups: false,
      });
      const v = validatePlantQuery({
        metric: 'scrap_rate',
        filters: { line: ['line-1'] },
        time: { kind: 'absolute', from: '2025-03-04T09:30:00Z', to: '2025-03-05T11:30:00Z' },
      });
      if (!v.ok) throw new Error('invalid');
      expect(ok(await factsOnly.execute(v.query, BOTH, NOW.getTime())).total).toEqual({
        ...r.total,
        recordIds: expect.arrayContaining(r.total.recordIds),
      });
    });

    it('alarms on plant-b yesterday: New York calendar day, clears not counted', async () => {
      const r = ok(await ask('how many alarms on plant-b yesterday'));
      expect(r.windows['plant-b']).toMatchObject({
        from: '2025-03-04T05:00:00.000Z',
        to: '2025-03-05T05:00:00.000Z',
      });
      expect(r.total.value).toBe(2);
      expect(r.total.recordIds.sort()).toEqual(['b3-al1', 'b4-al2']);
    });

    it("lots of supplier ResinWorks GmbH's resin this week, with the lots they went into", async () => {
      const r = ok(await ask("Which lots used supplier ResinWorks GmbH's resin this week?"));
      expect(r.rows).toEqual([
        {
          key: {
            site: 'plant-a',
            line: 'line-1',
            lotId: 'LOT-R1',
            material: 'RESIN-PX',
            supplier: 'ResinWorks GmbH',
          },
          value: null,
          measures: {},
          recordIds: ['a-m1'],
          usedIn: ['LOT-A1-00007'],
        },
      ]);
    });

    it('OEE per line over an absolute hour: availability 50/60, performance 3000/(50x60), quality 2700/3000', async () => {
      const r = ok(
        await run({
          metric: 'oee',
          filters: { line: ['line-1'] },
          time: { kind: 'absolute', from: '2025-03-05T07:00:00Z', to: '2025-03-05T08:00:00Z' },
        }),
      );
      expect(r.rows).toHaveLength(1);
      expect(r.rows[0]?.measures).toMatchObject({
        plannedMinutes: 60,
        downtimeMinutes: 10,
        good: 2700,
        scrap: 300,
        availability: 0.8333,
        performance: 1,
        quality: 0.9,
      });
      expect(r.rows[0]?.value).toBe(0.75);
    });

    it('MTTR and MTBF last night on plant-b: one 60-minute mechanical failure on line 3 in a 480-minute night', async () => {
      const mttr = ok(await ask('MTTR on line 3 last night'));
      expect(mttr.total).toMatchObject({
        value: 60,
        measures: { failures: 1, repairMinutes: 60 },
        recordIds: ['b3-1-e'],
      });
      const mtbf = ok(await ask('MTBF on plant-b last night'));
      // line-3: uptime 480 - 60 = 420 over 1 failure; line-4 had only a starved stop: no failure.
      expect(mtbf.rows.map((r) => [r.key['line'], r.value, r.measures['uptimeMinutes']])).toEqual([
        ['line-3', 420, 420],
        ['line-4', null, 480],
      ]);
      expect(mtbf.total).toMatchObject({ value: 420 + 480, measures: { failures: 1 } });
    });

    it('first-pass yield on line 1 today (Berlin day): 3 of 4', async () => {
      const r = ok(await ask('first pass yield on line 1 today'));
      expect(r.total.measures).toEqual({ passed: 3, failed: 1, checks: 4 });
      expect(r.total.value).toBe(0.75);
    });

    it('open NCRs this week count each NCR once, grouped by line', async () => {
      const r = ok(await ask('open NCRs on plant-a this week by line'));
      expect(r.total.value).toBe(2);
      expect(r.rows.map((row) => [row.key['line'], row.value])).toEqual([
        ['line-1', 1],
        ['line-2', 1],
      ]);
    });

    it('scopes to the caller: a plant-b user asking about line-1 is refused, an unscoped question sees only plant-b', async () => {
      expect(await ask('scrap rate on line-1 this week', PLANT_B)).toMatchObject({
        ok: false,
        code: 'site-out-of-scope',
      });
      expect(await ask('how many alarms on plant-a yesterday', PLANT_B)).toMatchObject({
        ok: false,
        code: 'site-out-of-scope',
      });
      const r = ok(await ask('how many alarms yesterday by site', PLANT_B));
      expect(r.rows.map((row) => row.key['site'])).toEqual(['plant-b']);
    });

    it('refuses windows longer than the range limit and scans beyond the row limit', async () => {
      expect(
        await run({
          metric: 'alarm_count',
          time: { kind: 'absolute', from: '2025-01-01T00:00:00Z', to: '2025-03-05T00:00:00Z' },
        }),
      ).toMatchObject({ ok: false, code: 'range-too-long' });
      const tight = new QueryExecutor(repo, calendar, { maxScannedRows: 2, maxRangeDays: 31 });
      const v = validatePlantQuery({ metric: 'scrap_rate', time: { kind: 'relative', period: 'this_week' } });
      if (!v.ok) throw new Error('invalid');
      expect(await tight.execute(v.query, BOTH, NOW.getTime())).toMatchObject({
        ok: false,
        code: 'too-many-rows',
      });
    });
  });
}
