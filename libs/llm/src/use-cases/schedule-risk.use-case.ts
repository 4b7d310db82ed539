import { z } from 'zod';
import { cite, INPUT_LABEL, round, type UseCaseDefinition } from './use-case';

export const scheduleRiskInput = z.object({
  orderId: z.string().min(1),
  product: z.string().optional(),
  dueDate: z.string().min(1),
  remainingQuantity: z.number().int().nonnegative(),
  ratePerHour: z.number().positive(),
  availableHours: z.number().nonnegative(),
  plannedDowntimeHours: z.number().nonnegative().default(0),
  materialShortages: z
    .array(
      z.object({
        material: z.string(),
        shortQuantity: z.number().positive(),
        expectedDate: z.string().optional(),
      }),
    )
    .default([]),
  openQualityHolds: z.number().int().nonnegative().default(0),
});
export type ScheduleRiskInput = z.infer<typeof scheduleRiskInput>;

export const scheduleRiskOutput = z.object({
  riskLevel: z.enum(['low', 'medium', 'high']),
  drivers: z.array(z.string().min(1)),
  scenarios: z.array(z.object({ name: z.string().min(1), description: z.string().min(1) })).min(1),
  summary: z.string().min(1),
});
export type ScheduleRiskOutput = z.infer<typeof scheduleRiskOutput>;

function facts(input: ScheduleRiskInput) {
  const requiredHours = round(input.remainingQuantity / input.ratePerHour, 1);
  const capacityHours = round(Math.max(0, input.availableHours - input.plannedDowntimeHours), 1);
  const loadPct = capacityHours > 0 ? round((requiredHours / capacityHours) * 100, 0) : 999;
  const lateShortages = input.materialShortages.filter(
    (m) => !m.expectedDate || m.expectedDate > input.dueDate,
  ).length;
  return { requiredHours, capacityHours, loadPct, lateShortages };
}

export const scheduleRisk: UseCaseDefinition<ScheduleRiskInput, ScheduleRiskOutput> = {
  name: 'schedule-risk',
  task: 'reason',
  outputSchemaName: 'schedule-risk.v1',
  inputSchema: scheduleRiskInput,
  outputSchema: scheduleRiskOutput,
  computedFacts: facts,
  claimTexts: (o) => [o.summary, ...o.drivers, ...o.scenarios.map((s) => s.description)],
  classification: (o) => ({ riskLevel: o.riskLevel }),
  deterministic: {
    generate(input) {
      const s0 = cite(INPUT_LABEL);
      const f = facts(input);
      const drivers: string[] = [];
      if (f.loadPct > 100)
        drivers.push(
          `The remaining ${input.remainingQuantity} units need ${f.requiredHours} hours against ${f.capacityHours} hours of capacity before ${input.dueDate} ${s0}.`,
        );
      else if (f.loadPct > 85)
        drivers.push(
          `Capacity is ${f.loadPct}% loaded: ${f.requiredHours} of ${f.capacityHours} hours ${s0}.`,
        );
      for (const m of input.materialShortages) {
        drivers.push(
          `Material ${m.material} is short by ${m.shortQuantity}${m.expectedDate ? `, expected ${m.expectedDate}` : ' with no expected date'} ${s0}.`,
        );
      }
      if (input.openQualityHolds > 0)
        drivers.push(`${input.openQualityHolds} open quality holds affect the order ${s0}.`);
      const riskLevel =
        f.loadPct > 100 || f.lateShortages > 0
          ? 'high'
          : f.loadPct > 85 || input.materialShortages.length > 0 || input.openQualityHolds > 0
            ? 'medium'
            : 'low';
      const scenarios = [
        {
          name: 'as planned',
          description: `Run ${input.orderId} as planned at ${input.ratePerHour} units per hour: ${f.requiredHours} hours needed, ${f.capacityHours} hours available ${s0}.`,
        },
      ];
      if (f.loadPct > 85) {
        scenarios.push({
          name: 'add capacity',
          description: `Planners review overtime or an alternate line for ${input.orderId} to cover the ${f.requiredHours} required hours ${s0}.`,
        });
        scenarios.push({
          name: 'split delivery',
          description: `Planners discuss a partial delivery on ${input.dueDate} with customer service for ${input.orderId} ${s0}.`,
        });
      }
      if (input.materialShortages.length > 0)
        scenarios.push({
          name: 'expedite material',
          description: `Purchasing expedites the short materials for ${input.orderId} ${s0}.`,
        });
      const summary = `${input.orderId}${input.product ? ` (${input.product})` : ''} due ${input.dueDate} is at ${riskLevel} risk: capacity load ${f.loadPct}% ${s0}.`;
      return { riskLevel, drivers, scenarios, summary };
    },
  },
};
