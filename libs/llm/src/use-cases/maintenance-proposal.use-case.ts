import { z } from 'zod';
import { EMPTY_CATALOGUE, procedureStepsFor } from './procedure-catalogue';
import { cite, INPUT_LABEL, type UseCaseDefinition } from './use-case';

export const maintenanceProposalInput = z.object({
  assetId: z.string().min(1),
  assetName: z.string().optional(),
  alarms: z
    .array(
      z.object({
        code: z.string(),
        text: z.string(),
        count: z.number().int().positive(),
        lastAt: z.string().optional(),
      }),
    )
    .min(1),
  workOrders: z
    .array(
      z.object({
        id: z.string(),
        date: z.string(),
        failureCode: z.string().optional(),
        description: z.string(),
      }),
    )
    .default([]),
  spareParts: z
    .array(
      z.object({ partNumber: z.string(), description: z.string(), onHand: z.number().int().nonnegative() }),
    )
    .default([]),
  runtimeHoursSinceService: z.number().nonnegative().optional(),
  serviceIntervalHours: z.number().positive().optional(),
});
export type MaintenanceProposalInput = z.infer<typeof maintenanceProposalInput>;

export const maintenanceProposalOutput = z.object({
  priority: z.enum(['routine', 'urgent', 'emergency']),
  partsStatus: z.enum(['available', 'short', 'unknown']),
  probableCauses: z
    .array(
      z.object({
        cause: z.string().min(1),
        likelihood: z.enum(['high', 'medium', 'low']),
        evidence: z.string().min(1),
      }),
    )
    .min(1),
  proposedWorkflow: z.array(z.string().min(1)).min(1),
  /**
   * Steps of the asset's procedures given as sources (alarm response, service), as step
   * ids in order (`SOP-A-021@B#5`); the text shown is the procedure's. Empty when none applies.
   */
  procedureSteps: z.array(z.string().min(1).max(120)).max(20).default([]),
  summary: z.string().min(1),
});
export type MaintenanceProposalOutput = z.infer<typeof maintenanceProposalOutput>;

const FAILURE_MODES: ReadonlyArray<[string, RegExp]> = [
  ['bearing wear', /\b(vibration|bearing|noise|imbalance)\b/i],
  ['cooling or lubrication failure', /\b(temperature|overheat\w*|lubric\w*|oil|coolant|thermal)\b/i],
  ['hydraulic leak or pump wear', /\b(hydraulic|pressure|pump|leak\w*)\b/i],
  ['motor or drive overload', /\b(overload|current|motor|drive|servo)\b/i],
  ['sensor or encoder fault', /\b(encoder|sensor|position|proximity|signal)\b/i],
];

export function failureMode(text: string): string | undefined {
  return FAILURE_MODES.find(([, pattern]) => pattern.test(text))?.[0];
}

export const maintenanceProposal: UseCaseDefinition<MaintenanceProposalInput, MaintenanceProposalOutput> = {
  name: 'maintenance-proposal',
  task: 'reason',
  outputSchemaName: 'maintenance-proposal.v2',
  inputSchema: maintenanceProposalInput,
  outputSchema: maintenanceProposalOutput,
  stepIds: (o) => o.procedureSteps,
  claimTexts: (o) => [o.summary, ...o.probableCauses.map((c) => c.evidence), ...o.proposedWorkflow],
  classification: (o) => ({
    priority: o.priority,
    partsStatus: o.partsStatus,
    topCause: o.probableCauses[0]?.cause ?? '',
  }),
  deterministic: {
    generate(input, _sources, _flags, procedures = EMPTY_CATALOGUE) {
      const s0 = cite(INPUT_LABEL);
      const asset = input.assetName ? `${input.assetName} (${input.assetId})` : input.assetId;
      const causes = input.alarms.map((alarm) => {
        const mode = failureMode(`${alarm.code} ${alarm.text}`);
        const prior = mode
          ? input.workOrders.find((wo) => failureMode(`${wo.failureCode ?? ''} ${wo.description}`) === mode)
          : undefined;
        const likelihood: 'high' | 'medium' | 'low' = prior ? 'high' : alarm.count >= 5 ? 'medium' : 'low';
        const evidence = `Alarm ${alarm.code} (${alarm.text}) occurred ${alarm.count} times on ${input.assetId}${prior ? `, and work order ${prior.id} of ${prior.date} addressed the same failure mode` : ''} ${s0}.`;
        return {
          cause: mode ?? `unclassified alarm ${alarm.code}`,
          likelihood,
          evidence,
          count: alarm.count,
        };
      });
      const rank = { high: 0, medium: 1, low: 2 } as const;
      causes.sort((a, b) => rank[a.likelihood] - rank[b.likelihood] || b.count - a.count);
      const overdue =
        input.runtimeHoursSinceService !== undefined &&
        input.serviceIntervalHours !== undefined &&
        input.runtimeHoursSinceService > input.serviceIntervalHours;
      // The input schema requires at least one alarm, so there is always a top cause.
      const top = causes[0] ?? { cause: 'no alarm', likelihood: 'low' as const, evidence: '', count: 0 };
      const priority =
        top.likelihood === 'high' && top.count >= 10
          ? 'emergency'
          : top.likelihood === 'high' || overdue
            ? 'urgent'
            : 'routine';
      const short = input.spareParts.filter((p) => p.onHand === 0);
      const partsStatus =
        input.spareParts.length === 0 ? 'unknown' : short.length > 0 ? 'short' : 'available';
      const workflow = [`Inspect ${asset} for ${top.cause} during the next planned stop ${s0}.`];
      for (const part of input.spareParts) {
        workflow.push(
          part.onHand > 0
            ? `Reserve spare part ${part.partNumber} (${part.description}), ${part.onHand} on hand ${s0}.`
            : `Expedite spare part ${part.partNumber} (${part.description}), none on hand ${s0}.`,
        );
      }
      if (overdue)
        workflow.push(
          `Schedule the overdue service: ${input.runtimeHoursSinceService} runtime hours since service against an interval of ${input.serviceIntervalHours} ${s0}.`,
        );
      workflow.push(
        `Submit the service workflow for planner approval with the alarm history of ${input.assetId} ${s0}.`,
      );
      const summary = `${asset} raised ${input.alarms.length === 1 ? 'one alarm type' : 'several alarm types'}; the most likely cause by rule is ${top.cause} (${top.likelihood} likelihood) ${s0}. Spare parts status is ${partsStatus} ${s0}.`;
      return {
        priority,
        partsStatus,
        probableCauses: causes.map(({ cause, likelihood, evidence }) => ({ cause, likelihood, evidence })),
        proposedWorkflow: workflow,
        procedureSteps: procedureStepsFor(procedures),
        summary,
      };
    },
  },
};
