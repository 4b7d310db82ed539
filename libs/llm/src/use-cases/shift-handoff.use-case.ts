import { z } from 'zod';
import { detectInjection } from '../governance/injection-detector';
import { findForbiddenInstructions } from '../governance/policy-check';
import { EMPTY_CATALOGUE, procedureStepsFor } from './procedure-catalogue';
import { cite, INPUT_LABEL, NO_FLAGS, type UseCaseDefinition } from './use-case';

export const shiftHandoffInput = z.object({
  line: z.string().min(1),
  shift: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  downtime: z
    .array(
      z.object({
        asset: z.string(),
        reason: z.string(),
        minutes: z.number().nonnegative(),
        start: z.string().optional(),
      }),
    )
    .default([]),
  qualityEvents: z
    .array(
      z.object({
        id: z.string(),
        type: z.string(),
        description: z.string(),
        quantity: z.number().int().nonnegative().optional(),
      }),
    )
    .default([]),
  openActions: z
    .array(
      z.object({
        id: z.string(),
        description: z.string(),
        owner: z.string().optional(),
        due: z.string().optional(),
      }),
    )
    .default([]),
  production: z
    .object({
      good: z.number().int().nonnegative(),
      scrap: z.number().int().nonnegative(),
      planned: z.number().int().positive(),
    })
    .optional(),
  operatorNotes: z.array(z.string()).default([]),
});
export type ShiftHandoffInput = z.infer<typeof shiftHandoffInput>;

export const shiftHandoffOutput = z.object({
  summary: z.string().min(1),
  downtime: z.array(z.string().min(1)),
  qualityEvents: z.array(z.string().min(1)),
  openActions: z.array(z.string().min(1)),
  watchItems: z.array(z.string().min(1)),
  /**
   * Steps the incoming shift should follow, as step ids of the procedure revisions given
   * as sources (`SOP-A-014@C#2`), in order; the text shown is the procedure's. Empty when
   * no procedure applies.
   */
  recommendedSteps: z.array(z.string().min(1).max(120)).max(20).default([]),
});
export type ShiftHandoffOutput = z.infer<typeof shiftHandoffOutput>;

/** "1 quality event", "3 quality events". */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function facts(input: ShiftHandoffInput) {
  return {
    downtimeEvents: input.downtime.length,
    downtimeMinutesTotal: input.downtime.reduce((s, d) => s + d.minutes, 0),
    qualityEventCount: input.qualityEvents.length,
    openActionCount: input.openActions.length,
  };
}

export const shiftHandoff: UseCaseDefinition<ShiftHandoffInput, ShiftHandoffOutput> = {
  name: 'shift-handoff',
  task: 'summarise',
  outputSchemaName: 'shift-handoff.v2',
  inputSchema: shiftHandoffInput,
  outputSchema: shiftHandoffOutput,
  computedFacts: facts,
  stepIds: (o) => o.recommendedSteps,
  claimTexts: (o) => [o.summary, ...o.downtime, ...o.qualityEvents, ...o.openActions, ...o.watchItems],
  classification: (o) => ({
    downtimeItems: o.downtime.length,
    qualityItems: o.qualityEvents.length,
    openActionItems: o.openActions.length,
  }),
  deterministic: {
    generate(input, _sources, flags = NO_FLAGS, procedures = EMPTY_CATALOGUE) {
      const s0 = cite(INPUT_LABEL);
      const f = facts(input);
      const withheld = `withheld: the text was flagged (read it in the MES)`;
      const downtime = [...input.downtime]
        .sort((a, b) => b.minutes - a.minutes)
        .map(
          (d) =>
            `${d.asset}: ${count(d.minutes, 'minute')}, ${d.reason}${d.start ? `, from ${d.start}` : ''} ${s0}.`,
        );
      // Free text that the gateway flagged is never quoted: a flagged description is named, not repeated.
      const qualityEvents = input.qualityEvents.map(
        (q, i) =>
          `${q.id} (${q.type}): ${flags.isFlagged(`input.qualityEvents.${i}.description`) ? withheld : q.description}${q.quantity !== undefined ? `, ${count(q.quantity, 'part')}` : ''} ${s0}.`,
      );
      const openActions = input.openActions.map(
        (a, i) =>
          `${a.id}: ${flags.isFlagged(`input.openActions.${i}.description`) ? withheld : a.description}${a.owner ? `, owner ${a.owner}` : ''}${a.due ? `, due ${a.due}` : ''} ${s0}.`,
      );
      const watchItems: string[] = [];
      const longest = [...input.downtime].sort((a, b) => b.minutes - a.minutes)[0];
      if (longest && longest.minutes >= 30)
        watchItems.push(
          `Watch ${longest.asset}: the longest stop of the shift was ${count(longest.minutes, 'minute')} (${longest.reason}) ${s0}.`,
        );
      // Operator notes are untrusted free text: carried over only when neither the gateway (rules and meaning)
      // nor the rules here flagged an instruction the plant never delegates or an injection attempt.
      for (const [i, note] of input.operatorNotes.entries()) {
        const clean =
          !flags.isFlagged(`input.operatorNotes.${i}`) &&
          findForbiddenInstructions(note).length === 0 &&
          detectInjection('note', note).length === 0;
        if (clean) watchItems.push(`Operator note: "${note.replace(/"/g, "'")}" ${s0}.`);
        else watchItems.push(`An operator note was withheld by the policy check; read it in the MES ${s0}.`);
      }
      let summary = `Shift ${input.shift} on ${input.line} (${input.from} to ${input.to}): ${count(f.downtimeEvents, 'downtime event')} totalling ${count(f.downtimeMinutesTotal, 'minute')}, ${count(f.qualityEventCount, 'quality event')}, ${count(f.openActionCount, 'open action')} ${s0}.`;
      if (input.production)
        summary += ` Output was ${input.production.good} good and ${input.production.scrap} scrap against a plan of ${input.production.planned} ${s0}.`;
      // Steps only ever come from a procedure the agent retrieved for this shift (the first usable one, whole).
      return {
        summary,
        downtime,
        qualityEvents,
        openActions,
        watchItems,
        recommendedSteps: procedureStepsFor(procedures),
      };
    },
  },
};
