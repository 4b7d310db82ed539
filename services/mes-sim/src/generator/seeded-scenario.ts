import type { LineSeed, SiteSeed } from '../plant/plant-seed';
import type { RawMessage, RawPlantEventJson } from './raw-event';

/** What the scenario needs from the generator: the plant, its current lots and event building. */
export interface ScenarioContext {
  site(id: string): SiteSeed;
  line(site: string, line: string): LineSeed;
  currentLotId(site: string, line: string): string;
  event(
    site: SiteSeed,
    line: LineSeed,
    source: RawPlantEventJson['sourceSystem'],
    eventType: string,
    t: Date,
    payload: Record<string, unknown>,
  ): RawMessage;
}

interface Beat {
  minute: number;
  /** Which use case the beat is there to show (docs and tests read it). */
  useCase: ScenarioUseCase;
  run(t: Date, ctx: ScenarioContext, runId: string): RawMessage[];
}

export type ScenarioUseCase =
  'compliance-deviation' | 'alarm-burst' | 'ncr-genealogy' | 'scrap-spike' | 'schedule-slip';

/** Scrap spike on plant-a/line-2: this share of each minute's output is scrap. */
const SPIKE = { site: 'plant-a', line: 'line-2', from: 70, to: 130, scrapShare: 0.14 } as const;
const HOUR = 3_600_000;

/** SOP-A-014 rev C (knowledge/plant-a): the jam procedure a Molding 1 operator follows on the EWI terminal. */
function steps(
  ctx: ScenarioContext,
  t: Date,
  workOrderId: string,
  stepNumber: number,
  badge: string,
): RawMessage {
  const site = ctx.site('plant-a');
  return ctx.event(site, ctx.line('plant-a', 'line-1'), 'MES', 'procedure_step_completed', t, {
    documentId: 'SOP-A-014',
    revision: 'C',
    stepNumber,
    operatorBadge: badge,
    workOrderId,
    machineId: 'a-l1-m2',
  });
}

const minuteAfter = (t: Date, seconds: number) => new Date(t.getTime() + seconds * 1000);

/**
 * The seeded scenario: scripted plant situations on top of the random plant, placed in
 * the first simulated hours so that an 8-hour backfill shows every use case (shift ends
 * come from the generator when a site's shift changes; a 3 x 8 h pattern changes once in
 * any 8 hours):
 * - minute 25: an alarm burst (jam, six alarms) on press a-l1-m2 -> maintenance proposal;
 * - minute 45: a resin lot feeds two lots (genealogy), then an NCR names one of them ->
 *   NCR triage with the sibling lot in containment and a hold proposal;
 * - minutes 70-130: scrap at 14 % on plant-a/line-2 -> scrap spike -> root-cause analysis;
 * - minute 150: a work order on plant-b/line-3 is pulled in and its material runs short
 *   -> schedule slip -> schedule risk;
 * - minute 200: an operator clearing a jam skips step 2 (lockout/tagout) of SOP-A-014, and
 *   at minute 212 another does steps 3 and 4 in the wrong order -> compliance deviation
 *   (late enough that the procedure corpus is indexed when they arrive).
 */
export class SeededScenario {
  private readonly beats: readonly Beat[] = [
    {
      minute: 200,
      useCase: 'compliance-deviation',
      run: (t, ctx, run) => [
        steps(ctx, t, `WO-JAM-${run}-1`, 1, 'B2201'),
        steps(ctx, minuteAfter(t, 20), `WO-JAM-${run}-1`, 3, 'B2201'),
        steps(ctx, minuteAfter(t, 40), `WO-JAM-${run}-1`, 4, 'B2201'),
      ],
    },
    {
      minute: 212,
      useCase: 'compliance-deviation',
      run: (t, ctx, run) =>
        [1, 2, 4, 3].map((n, i) => steps(ctx, minuteAfter(t, i * 10), `WO-JAM-${run}-2`, n, 'B3107')),
    },
    {
      minute: 25,
      useCase: 'alarm-burst',
      run: (t, ctx) => {
        const site = ctx.site('plant-a');
        const code = Object.entries(site.alarmCodes).find(([, v]) => v === 'jam')?.[0] ?? 'A-400';
        return Array.from({ length: 6 }, (_, i) =>
          ctx.event(site, ctx.line('plant-a', 'line-1'), 'MES', 'machine_alarm', minuteAfter(t, i * 8), {
            machineId: 'a-l1-m2',
            alarmCode: code,
            severity: 'HIGH',
            state: 'RAISED',
          }),
        );
      },
    },
    {
      minute: 45,
      useCase: 'ncr-genealogy',
      run: (t, ctx, run) => {
        const site = ctx.site('plant-a');
        const line1 = ctx.line('plant-a', 'line-1');
        const line2 = ctx.line('plant-a', 'line-2');
        const resin = `RESIN-${run}-7781`;
        const lot1 = ctx.currentLotId('plant-a', 'line-1');
        const lot2 = ctx.currentLotId('plant-a', 'line-2');
        return [
          ctx.event(site, line1, 'MES', 'batch_genealogy_link', t, {
            parentLotId: resin,
            childLotId: lot1,
            materialId: 'RESIN-PX',
            quantity: 420,
            unit: 'kg',
          }),
          ctx.event(site, line2, 'MES', 'batch_genealogy_link', minuteAfter(t, 5), {
            parentLotId: resin,
            childLotId: lot2,
            materialId: 'RESIN-PX',
            quantity: 380,
            unit: 'kg',
          }),
          ctx.event(site, line1, 'QMS', 'nonconformance', minuteAfter(t, 30), {
            ncrId: `NCR-A-${run}-S1`,
            categoryCode: 'Q-MAT',
            severity: 'MAJOR',
            description: `Black specks in the wall of ${lot1}; resin lot ${resin} suspected; 36 parts affected`,
            lotIds: [lot1],
            product: line1.product,
            supplier: 'ResinWorks GmbH',
            quantityAffected: 36,
            unit: 'ea',
            status: 'OPEN',
          }),
        ];
      },
    },
    {
      minute: 150,
      useCase: 'schedule-slip',
      run: (t, ctx, run) => {
        const site = ctx.site('plant-b');
        const line = ctx.line('plant-b', 'line-3');
        const order = `WO-B3-${run}-4410`;
        const due = new Date(t.getTime() + 4 * HOUR);
        return [
          ctx.event(site, line, 'MES', 'work_order_status', t, {
            workOrderId: order,
            product: line.product,
            state: 'STARTED',
            previousState: 'RELEASED',
            plannedQuantity: 9000,
            completedQuantity: 1200,
            unit: 'ea',
            dueAt: due.toISOString(),
          }),
          ctx.event(site, line, 'ERP', 'schedule_change', minuteAfter(t, 10), {
            workOrderId: order,
            oldDueAt: new Date(t.getTime() + 8 * HOUR).toISOString(),
            newDueAt: due.toISOString(),
            reason: 'customer pulled the delivery in',
            changedBy: 'planner.b',
            product: line.product,
          }),
          ctx.event(site, line, 'ERP', 'material_status', minuteAfter(t, 20), {
            material: 'BASE-OIL-22',
            lotId: `BO-${run}-19`,
            supplier: 'Midwest Chemicals',
            quantity: 0,
            unit: 'kg',
            status: 'SHORT',
            workOrderId: order,
          }),
        ];
      },
    },
  ];

  constructor(private readonly runId: string) {}

  /** Use cases the scenario scripts, in the order they first happen. */
  get useCases(): ScenarioUseCase[] {
    return [...new Set([...this.beats].sort((a, b) => a.minute - b.minute).map((b) => b.useCase))];
  }

  /** Scripted events of simulated minute `minute` of the run (0 = the first). */
  events(minute: number, t: Date, ctx: ScenarioContext): RawMessage[] {
    return this.beats.filter((b) => b.minute === minute).flatMap((b) => b.run(t, ctx, this.runId));
  }

  /** Share of a minute's output that the scenario turns into scrap on a line (0 outside the spike). */
  scrapShare(site: string, line: string, minute: number): number {
    return site === SPIKE.site && line === SPIKE.line && minute >= SPIKE.from && minute < SPIKE.to
      ? SPIKE.scrapShare
      : 0;
  }
}
