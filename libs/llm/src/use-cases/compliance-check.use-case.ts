import { z } from 'zod';
import { keywords, overlap } from './keywords';
import { cite, INPUT_LABEL, NO_FLAGS, type UseCaseDefinition } from './use-case';

export const complianceCheckInput = z.object({
  procedureId: z.string().min(1),
  revision: z.string().min(1),
  requiredSteps: z
    .array(
      z.object({
        stepNo: z.number().int().positive(),
        text: z.string().min(1),
        critical: z.boolean().default(false),
      }),
    )
    .min(1),
  performedSteps: z.array(
    z.object({
      stepNo: z.number().int().positive().optional(),
      text: z.string().min(1),
      at: z.string().optional(),
    }),
  ),
});
export type ComplianceCheckInput = z.infer<typeof complianceCheckInput>;

export const complianceCheckOutput = z.object({
  compliant: z.boolean(),
  divergences: z.array(
    z.object({
      stepNo: z.number().int().positive().optional(),
      kind: z.enum(['missing', 'out-of-order', 'extra']),
      description: z.string().min(1),
    }),
  ),
  summary: z.string().min(1),
});
export type ComplianceCheckOutput = z.infer<typeof complianceCheckOutput>;

type Required = ComplianceCheckInput['requiredSteps'][number];

function matchStep(
  performed: ComplianceCheckInput['performedSteps'][number],
  required: readonly Required[],
): Required | undefined {
  if (performed.stepNo !== undefined) return required.find((r) => r.stepNo === performed.stepNo);
  const words = keywords(performed.text);
  let best: Required | undefined;
  let bestScore = 0;
  for (const r of required) {
    const rw = keywords(r.text);
    const score = overlap(words, rw) / Math.max(1, Math.min(words.size, rw.size));
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return bestScore >= 0.5 ? best : undefined;
}

export const complianceCheck: UseCaseDefinition<ComplianceCheckInput, ComplianceCheckOutput> = {
  name: 'compliance-check',
  task: 'classify',
  outputSchemaName: 'compliance-check.v1',
  inputSchema: complianceCheckInput,
  outputSchema: complianceCheckOutput,
  claimTexts: (o) => [o.summary, ...o.divergences.map((d) => d.description)],
  classification: (o) => ({
    compliant: o.compliant,
    missing: o.divergences
      .filter((d) => d.kind === 'missing')
      .map((d) => d.stepNo)
      .join(','),
    outOfOrder: o.divergences.some((d) => d.kind === 'out-of-order'),
  }),
  deterministic: {
    generate(input, _sources, flags = NO_FLAGS) {
      const s0 = cite(INPUT_LABEL);
      const divergences: ComplianceCheckOutput['divergences'] = [];
      const seen: number[] = [];
      for (const [i, performed] of input.performedSteps.entries()) {
        const match = matchStep(performed, input.requiredSteps);
        if (!match) {
          // A flagged step record (an injection or a forbidden instruction) is reported, never quoted.
          const quoted = flags.isFlagged(`input.performedSteps.${i}.text`)
            ? 'its text was flagged and is withheld'
            : `"${performed.text.replace(/"/g, "'")}"`;
          divergences.push({
            kind: 'extra',
            description: `A performed step is not in ${input.procedureId} revision ${input.revision}: ${quoted} ${s0}.`,
          });
          continue;
        }
        const last = seen.at(-1);
        if (last !== undefined && match.stepNo < last) {
          divergences.push({
            stepNo: match.stepNo,
            kind: 'out-of-order',
            description: `Step ${match.stepNo} was performed after step ${last} ${s0}.`,
          });
        }
        seen.push(match.stepNo);
      }
      for (const r of input.requiredSteps) {
        if (!seen.includes(r.stepNo)) {
          divergences.push({
            stepNo: r.stepNo,
            kind: 'missing',
            description: `Required ${r.critical ? 'critical ' : ''}step ${r.stepNo} (${r.text.replace(/"/g, "'")}) has no record of being performed ${s0}.`,
          });
        }
      }
      const compliant = divergences.length === 0;
      const summary = compliant
        ? `The performed steps follow ${input.procedureId} revision ${input.revision} in order ${s0}.`
        : `The performed steps diverge from ${input.procedureId} revision ${input.revision}; a compliance officer reviews the divergences ${s0}.`;
      return { compliant, divergences, summary };
    },
  },
};
