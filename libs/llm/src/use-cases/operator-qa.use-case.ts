import { z } from 'zod';
import type { LabelledSource } from '../governance/governance.types';
import { splitSentences } from '../governance/sentences';
import { cite, INPUT_LABEL, keywords, overlap, type UseCaseDefinition } from './use-case';

export const operatorQaInput = z.object({
  question: z.string().min(3),
  line: z.string().optional(),
  role: z.string().optional(),
});
export type OperatorQaInput = z.infer<typeof operatorQaInput>;

export const operatorQaOutput = z.object({
  answerable: z.boolean(),
  answer: z.string().min(1),
  procedureRefs: z.array(z.string()),
});
export type OperatorQaOutput = z.infer<typeof operatorQaOutput>;

/** Only approved, effective procedure revisions may answer an operator. */
export function isApprovedProcedure(source: LabelledSource): boolean {
  const status = source.data?.['status'];
  const effective = source.data?.['effective'];
  return source.kind === 'procedure' && status === 'approved' && effective !== false;
}

export const operatorQa: UseCaseDefinition<OperatorQaInput, OperatorQaOutput> = {
  name: 'operator-qa',
  task: 'extract',
  outputSchemaName: 'operator-qa.v1',
  inputSchema: operatorQaInput,
  outputSchema: operatorQaOutput,
  claimTexts: (o) => [o.answer],
  classification: (o) => ({ answerable: o.answerable, firstRef: o.procedureRefs[0] ?? '' }),
  deterministic: {
    generate(input, sources) {
      const question = keywords(input.question);
      const candidates = sources
        .filter(isApprovedProcedure)
        .flatMap((source) => splitSentences(source.text).map((sentence, index) => ({ source, sentence, index, score: overlap(question, keywords(sentence)) })))
        .filter((c) => c.score >= 2)
        .sort((a, b) => b.score - a.score || a.index - b.index);
      const best = candidates[0];
      if (!best) {
        return {
          answerable: false,
          answer: `No approved, effective procedure among the retrieved records answers this question; ask the area supervisor ${cite(INPUT_LABEL)}.`,
          procedureRefs: [],
        };
      }
      // The answer is the procedure's own wording, quoted, so nothing is paraphrased into something unsafe.
      const picked = candidates.filter((c) => c.source === best.source).slice(0, 2).sort((a, b) => a.index - b.index);
      const quote = picked.map((c) => c.sentence.replace(/"/g, "'")).join(' ');
      return {
        answerable: true,
        answer: `${best.source.title ?? best.source.id} says: "${quote}" ${cite(best.source.label)}.`,
        procedureRefs: [best.source.id],
      };
    },
  },
};
