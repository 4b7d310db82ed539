import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodePlantEvent, type DecodedPlantEvent } from '@andon/agent-kit';
import {
  DowntimeReason,
  Envelope,
  PlantEvent,
  SourceSystem,
  eventTypeOf,
  type PlantEventPayload,
} from '@andon/contracts';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { loadPlantModel, siteId } from '@andon/plant-model';
import { LineFactsRepository, factOf, gatherShiftFacts } from '@andon/service-production-agent';
import {
  PlantFactsProjector,
  PlantFactsRepository,
  PlantCalendar,
  QueryExecutor,
  plantQuerySchema,
} from '@andon/service-plant-query';

// One shift, one line: the shift report (production-agent) and "ask the plant" (plant-query)
// must give the same OEE for any set of stops and counts. Each side runs its own real path:
// events -> its projection -> its store -> its computation, on the repository's plant model.

const ROOT = join(__dirname, '../../..');
const plant = loadPlantModel(join(ROOT, 'config/plant'));
const SITE = siteId('plant-a');
const LINE = 'line-1';
const MIN = 60_000;
// Shift A in Berlin (UTC+1): 06:00-14:00 local.
const FROM = Date.parse('2025-03-03T05:00:00Z');
const TO = FROM + 480 * MIN;
const NOW = TO + 6 * 60 * MIN;
const log = createLogger('test', 'silent');

function event(id: string, atMs: number, payload: PlantEventPayload): DecodedPlantEvent {
  const at = new Date(atMs);
  const e = PlantEvent.fromPartial({
    envelope: Envelope.fromPartial({
      eventId: id,
      eventType: eventTypeOf(payload.$case),
      sourceSystem: SourceSystem.MES,
      location: { enterprise: 'acme', site: SITE, area: 'molding', line: LINE, cell: '' },
      occurredAt: at,
      ingestedAt: at,
      correlationId: `corr-${id}`,
      schemaVersion: 1,
      sourceRecordId: id,
    }),
    payload,
  });
  return decodePlantEvent(PlantEvent.encode(e).finish());
}

interface StopSpec {
  machine: number;
  startMin: number;
  /** null: still open (no end event yet). */
  minutes: number | null;
  reason: DowntimeReason;
}
interface CountSpec {
  atMin: number;
  good: number;
  scrap: number;
}

function events(stops: readonly StopSpec[], counts: readonly CountSpec[]): DecodedPlantEvent[] {
  const out: Array<{ at: number; e: DecodedPlantEvent }> = [];
  stops.forEach((s, i) => {
    const machineId = `a-l1-m${s.machine}`;
    const start = FROM + s.startMin * MIN;
    const common = {
      downtimeId: `dt-${i}`,
      machineId,
      reasonCode: 'D01',
      canonicalReason: s.reason,
      reasonMapped: true,
      reasonText: '',
    };
    out.push({ at: start, e: event(`s-${i}`, start, { $case: 'downtimeStart', value: common }) });
    if (s.minutes !== null) {
      const end = start + s.minutes * MIN;
      out.push({
        at: end,
        e: event(`e-${i}`, end, { $case: 'downtimeEnd', value: { ...common, startedAt: new Date(start) } }),
      });
    }
  });
  counts.forEach((c, i) => {
    const at = FROM + c.atMin * MIN;
    const value = {
      workOrderId: 'WO-1',
      machineId: 'a-l1-m3',
      product: 'PX-100',
      lotId: '',
      good: c.good,
      scrap: c.scrap,
      unit: 'ea',
      periodStart: undefined,
      periodEnd: undefined,
      idealCycleTimeSeconds: 0,
    };
    out.push({ at, e: event(`c-${i}`, at, { $case: 'productionCount', value }) });
  });
  return out.sort((a, b) => a.at - b.at).map((x) => x.e);
}

async function withStore<T>(use: (store: SqliteDocumentStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'andon-oee-eq-'));
  const store = SqliteDocumentStore.open(join(dir, 'andon.sqlite'));
  try {
    return await use(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The shift report's OEE: the production agent's facts and shift-facts computation. */
const shiftReportOee = (input: readonly DecodedPlantEvent[]) =>
  withStore(async (store) => {
    const facts = await LineFactsRepository.open(store);
    for (const e of input) {
      const fact = factOf(e);
      if (fact) await facts.insert(fact);
    }
    return (await gatherShiftFacts(facts, SITE, LINE, FROM, TO, plant.idealRate(SITE, LINE))).oee;
  });

/** "Ask the plant": plant-query's projection and query executor, as its runtime builds them. */
const plantQueryOee = (input: readonly DecodedPlantEvent[]) =>
  withStore(async (store) => {
    const repo = await PlantFactsRepository.open(store);
    const calendar = new PlantCalendar(plant);
    const projector = new PlantFactsProjector(repo, calendar);
    for (const e of input) await projector.handle(e, log);
    const executor = new QueryExecutor(repo, calendar, { maxScannedRows: 20_000, maxRangeDays: 31 });
    const query = plantQuerySchema.parse({
      metric: 'oee',
      filters: { line: [LINE] },
      groupBy: ['site', 'line'],
      time: { kind: 'absolute', from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() },
    });
    const result = await executor.execute(query, [SITE], NOW);
    if (!result.ok) throw new Error(`plant-query refused: ${result.message}`);
    return result.rows;
  });

const stopArb = fc.record({
  machine: fc.integer({ min: 1, max: 3 }),
  // Some begin before the shift, some after it ended.
  startMin: fc.integer({ min: -120, max: 500 }),
  minutes: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null, freq: 4 }),
  reason: fc.constantFrom(
    DowntimeReason.MECHANICAL_FAILURE,
    DowntimeReason.CHANGEOVER,
    DowntimeReason.MATERIAL_SHORTAGE,
  ),
});
const countArb = (min: number, max: number) =>
  fc.record({
    atMin: fc.integer({ min, max }),
    good: fc.integer({ min: 0, max: 900 }),
    scrap: fc.integer({ min: 0, max: 60 }),
  });

describe('one OEE for one shift: the shift report and plant-query agree', () => {
  it('for random stops (overlapping, open, straddling the shift) and counts (some outside the shift)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stopArb, { maxLength: 6 }),
        // At least one count inside the shift, so plant-query has a row for the line.
        countArb(0, 479),
        fc.array(countArb(-30, 520), { maxLength: 8 }),
        async (stops, first, counts) => {
          const input = events(stops, [first, ...counts]);
          const report = await shiftReportOee(input);
          const rows = await plantQueryOee(input);
          expect(rows).toHaveLength(1);
          const row = rows[0];
          expect(row?.value).toBe(report.oee);
          expect(row?.measures).toMatchObject({
            availability: report.availability,
            performance: report.performance,
            quality: report.quality,
            good: report.good,
            scrap: report.scrap,
            downtimeMinutes: Math.round(report.downtimeMinutes * 10) / 10,
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a named case: an overlap counted once and an open stop counted to the shift end, on both sides', async () => {
    const input = events(
      [
        { machine: 1, startMin: 60, minutes: 60, reason: DowntimeReason.MECHANICAL_FAILURE },
        { machine: 2, startMin: 90, minutes: 60, reason: DowntimeReason.CHANGEOVER },
        { machine: 3, startMin: 400, minutes: null, reason: DowntimeReason.MATERIAL_SHORTAGE },
      ],
      [{ atMin: 10, good: 9_000, scrap: 100 }],
    );
    const report = await shiftReportOee(input);
    const [row] = await plantQueryOee(input);
    // Merged: 60..150 (90 min) + the open stop 400..480 (80 min).
    expect(report.downtimeMinutes).toBe(170);
    expect(row?.measures['downtimeMinutes']).toBe(170);
    expect(row?.measures['openStops']).toBe(1);
    expect(row?.measures['availability']).toBe(report.availability);
    expect(report.availability).toBe(0.6458);
    // OEE = good / (ideal rate x planned time) = 9000 / (60 x 480).
    expect(row?.value).toBe(report.oee);
    expect(report.oee).toBe(0.3125);
  });
});
