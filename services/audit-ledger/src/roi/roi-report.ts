import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { LineOeeAccumulator, type LineOee } from './roi-oee';

/** The slice of a ledger entry the ROI report reads. */
export interface RoiEntry {
  kind: string;
  subjectId: string;
  at: string;
  payload: unknown;
}

const baselineSchema = z.strictObject({
  name: z.string().min(1),
  minutesPerOutput: z.record(z.string().min(1), z.number().nonnegative()),
});
export type RoiBaseline = z.infer<typeof baselineSchema>;

export const ROI_BASELINE = Symbol('andon:roi-baseline');

export function loadRoiBaseline(file: string): RoiBaseline {
  const parsed = baselineSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export interface RoiReport {
  baseline: string;
  hoursSaved: Array<{ useCase: string; outputs: number; minutesEach: number; hours: number }>;
  /** median minutes from proposal to decision over decided actions */
  timeToDecisionMinutes: number | null;
  decided: number;
  /**
   * Per output (recommendation kind, or `action:<type>` for proposals): median minutes from
   * the triggering plant event to the output, e.g. time to triage for NCR_TRIAGE.
   */
  timeToOutput: Array<{ output: string; outputs: number; medianMinutes: number }>;
  /**
   * Per action type: what people did with the agents' proposals. `acceptanceRate` is
   * approved / (approved + rejected), human decisions only; null before the first one.
   */
  outcomes: ActionOutcomes[];
  executed: number;
  refused: number;
  tokens: Array<{ useCase: string; tokens: number; calls: number; deterministic: number }>;
  costUsd: number;
  /** Per line: OEE over the shifts the production reports in the ledger cover (@andon/plant-metrics). */
  oee: LineOee[];
  method: string;
}

export interface ActionOutcomes {
  actionType: string;
  proposed: number;
  approved: number;
  /** rejected by a person's signature */
  rejected: number;
  /** rejected with no person's rejection among the signatures: no policy rule matched */
  rejectedByPolicy: number;
  expired: number;
  autoApproved: number;
  /** proposed with no decision recorded yet */
  open: number;
  acceptanceRate: number | null;
}

const OUTCOMES = {
  APPROVED: 'approved',
  REJECTED: 'rejected',
  REJECTED_BY_POLICY: 'rejectedByPolicy',
  EXPIRED: 'expired',
  AUTO_APPROVED: 'autoApproved',
} as const;

/**
 * A rejection counts as a person's only when a signature among the decision's rejects.
 * The ledger keeps the proto's JSON form, which leaves `approved: false` out.
 */
function outcomeName(m: Record<string, unknown>): string {
  const outcome = String(m['outcome'] ?? '').replace(/^DECISION_OUTCOME_/, '');
  if (outcome !== 'REJECTED') return outcome;
  const signatures = Array.isArray(m['signatures'])
    ? (m['signatures'] as Array<{ approved?: unknown } | null>)
    : [];
  return signatures.some((s) => s !== null && typeof s === 'object' && s.approved !== true)
    ? 'REJECTED'
    : 'REJECTED_BY_POLICY';
}

const message = (payload: unknown): Record<string, unknown> => {
  const m = (payload as { message?: unknown } | null)?.message;
  return m && typeof m === 'object' ? (m as Record<string, unknown>) : {};
};
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/**
 * ROI figures computed only from what the ledger recorded: delivered outputs times the
 * named manual baseline, proposal-to-decision times, executions, and LLM tokens and cost
 * per use case. Nothing is estimated that the ledger does not show.
 */
export function roiReport(entries: readonly RoiEntry[], baseline: RoiBaseline): RoiReport {
  const outputs = new Map<string, number>();
  const proposedAt = new Map<string, number>();
  const decidedAt = new Map<string, number>();
  const actionTypeOf = new Map<string, string>();
  const outcomeOf = new Map<string, string>();
  const toOutput = new Map<string, number[]>();
  const tokens = new Map<string, { tokens: number; calls: number; deterministic: number }>();
  let executed = 0;
  let refused = 0;
  let costUsd = 0;
  const lineOee = new LineOeeAccumulator();
  for (const entry of entries) {
    const m = message(entry.payload);
    const timing = outputTiming(entry.kind, entry.payload);
    if (timing) toOutput.set(timing.output, [...(toOutput.get(timing.output) ?? []), timing.minutes]);
    switch (entry.kind) {
      case 'recommendation': {
        const kind = String(m['kind'] ?? '').replace(/^RECOMMENDATION_KIND_/, '');
        if (kind && kind !== 'UNSPECIFIED') {
          outputs.set(kind, (outputs.get(kind) ?? 0) + 1);
        }
        if (kind === 'PRODUCTION_REPORT') lineOee.add(entry.subjectId, m);
        break;
      }
      // The events' own times where they carry them: the ledger records each topic as its
      // partition is consumed, so a decision may be appended before its proposal.
      case 'action.proposed':
        proposedAt.set(entry.subjectId, eventTime(m['proposedAt'], entry.at));
        actionTypeOf.set(entry.subjectId, String(m['actionType'] ?? '') || 'unknown');
        break;
      case 'action.decided':
        decidedAt.set(entry.subjectId, eventTime(m['decidedAt'], entry.at));
        outcomeOf.set(entry.subjectId, outcomeName(m));
        break;
      case 'action.executed':
        executed += 1;
        break;
      case 'action.refused':
        refused += 1;
        break;
      case 'llm.call': {
        const useCase = String(m['useCase'] ?? 'unknown');
        const t = tokens.get(useCase) ?? { tokens: 0, calls: 0, deterministic: 0 };
        t.tokens += num(m['inputTokens']) + num(m['outputTokens']);
        t.calls += 1;
        if (String(m['provider'] ?? '') === 'deterministic') t.deterministic += 1;
        tokens.set(useCase, t);
        costUsd += num(m['costUsd']);
        break;
      }
    }
  }
  const decisionMinutes = [...decidedAt.entries()].flatMap(([subjectId, at]) => {
    const from = proposedAt.get(subjectId);
    return from === undefined ? [] : [(at - from) / 60_000];
  });
  const hoursSaved = [...outputs.entries()]
    .map(([useCase, count]) => {
      const minutesEach = baseline.minutesPerOutput[useCase] ?? 0;
      return {
        useCase,
        outputs: count,
        minutesEach,
        hours: Math.round(((count * minutesEach) / 60) * 10) / 10,
      };
    })
    .sort((a, b) => b.hours - a.hours);
  return {
    baseline: baseline.name,
    hoursSaved,
    timeToDecisionMinutes: median(decisionMinutes),
    decided: decisionMinutes.length,
    timeToOutput: [...toOutput.entries()]
      .map(([output, minutes]) => ({
        output,
        outputs: minutes.length,
        medianMinutes: Math.round((median(minutes) ?? 0) * 100) / 100,
      }))
      .sort((a, b) => (a.output < b.output ? -1 : a.output > b.output ? 1 : 0)),
    outcomes: actionOutcomes(actionTypeOf, outcomeOf),
    executed,
    refused,
    tokens: [...tokens.entries()]
      .map(([useCase, t]) => ({ useCase, ...t }))
      .sort((a, b) => b.tokens - a.tokens),
    costUsd: Math.round(costUsd * 10_000) / 10_000,
    oee: lineOee.lines(),
    method: `Hours saved = outputs recorded in the ledger x manual minutes per output from baseline "${baseline.name}" (config/roi/baselines.yaml). Decision times, proposal outcomes (acceptance = approved / (approved + rejected)), times from plant event to output, executions and LLM usage are counted from ledger entries. OEE per line pools the minutes and counts of the production reports in the ledger and is computed once over them by the same definition as the shift report and plant-query (@andon/plant-metrics).`,
  };
}

/** Proposals per action type and what became of them; a decision without its proposal in range is not counted. */
function actionOutcomes(
  actionTypeOf: ReadonlyMap<string, string>,
  outcomeOf: ReadonlyMap<string, string>,
): ActionOutcomes[] {
  const byType = new Map<string, ActionOutcomes>();
  for (const [subjectId, actionType] of actionTypeOf) {
    const o = byType.get(actionType) ?? {
      actionType,
      proposed: 0,
      approved: 0,
      rejected: 0,
      rejectedByPolicy: 0,
      expired: 0,
      autoApproved: 0,
      open: 0,
      acceptanceRate: null,
    };
    o.proposed += 1;
    const outcome = OUTCOMES[outcomeOf.get(subjectId) as keyof typeof OUTCOMES];
    if (outcome) o[outcome] += 1;
    else o.open += 1;
    byType.set(actionType, o);
  }
  return [...byType.values()]
    .map((o) => ({
      ...o,
      acceptanceRate:
        o.approved + o.rejected > 0
          ? Math.round((o.approved / (o.approved + o.rejected)) * 1000) / 1000
          : null,
    }))
    .sort((a, b) => b.proposed - a.proposed || (a.actionType < b.actionType ? -1 : 1));
}

/**
 * For a recommendation or a proposed action that carries its trigger's time: the output's
 * name (recommendation kind, or `action:<type>`) and the minutes from plant event to output.
 */
export function outputTiming(kind: string, payload: unknown): { output: string; minutes: number } | null {
  const m = message(payload);
  const output =
    kind === 'recommendation'
      ? String(m['kind'] ?? '').replace(/^RECOMMENDATION_KIND_/, '')
      : kind === 'action.proposed'
        ? `action:${String(m['actionType'] ?? 'unknown')}`
        : '';
  if (output === '' || output === 'UNSPECIFIED') return null;
  const from = typeof m['triggerOccurredAt'] === 'string' ? Date.parse(m['triggerOccurredAt']) : Number.NaN;
  const produced = kind === 'recommendation' ? m['createdAt'] : m['proposedAt'];
  const to = typeof produced === 'string' ? Date.parse(produced) : Number.NaN;
  return Number.isNaN(from) || Number.isNaN(to) ? null : { output, minutes: (to - from) / 60_000 };
}

function eventTime(value: unknown, fallback: string): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? Date.parse(fallback) : parsed;
}
