import { z } from 'zod';
import type { LabelledSource } from '../governance/governance.types';
import { splitSentences } from '../governance/sentences';
import { citedStepsMarkdown, governingSteps, isHowToQuestion, stepsAnswerQuestion } from './procedure-steps';
import { keywords, overlap } from './keywords';
import { cite, INPUT_LABEL, type UseCaseDefinition } from './use-case';

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
      const approved = sources.filter(isApprovedProcedure);
      // "How do I ...": the governing procedure's whole ordered step list, never a subset.
      if (isHowToQuestion(input.question)) {
        for (const source of approved) {
          const list = governingSteps(source.text, input.question);
          if (
            list &&
            list.steps.length > 1 &&
            stepsAnswerQuestion(list, `${source.title ?? ''} ${source.text}`, input.question)
          ) {
            return {
              answerable: true,
              answer: `${source.title ?? source.id}${list.section ? `, section "${list.section}"` : ''}, every step in order ${cite(source.label)}:\n\n${citedStepsMarkdown(list, cite(source.label))}`,
              procedureRefs: [source.id],
            };
          }
        }
      }
      const question = keywords(input.question);
      const sentences = approved.flatMap((source, rank) =>
        splitSentences(source.text).map((sentence, index) => ({
          source,
          rank,
          sentence,
          index,
          words: keywords(sentence),
        })),
      );
      // Terms many sentences share ("pressure", "check") tell less about which one answers than rare ones ("breath").
      const weight = (w: string) =>
        Math.log(1 + sentences.length / Math.max(1, sentences.filter((c) => c.words.has(w)).length));
      const candidates = sentences
        .map((c) => ({
          ...c,
          score: overlap(question, c.words),
          weighted: [...question].filter((w) => c.words.has(w)).reduce((sum, w) => sum + weight(w), 0),
        }))
        .filter((c) => c.score >= 1)
        .sort((a, b) => b.weighted - a.weighted || a.rank - b.rank || a.index - b.index);
      const best = candidates[0];
      // A sentence sharing two terms with the question answers it; one shared term is enough
      // in the procedure retrieval ranked first when that procedure as a whole covers most of
      // the question (retrieval found the governing procedure, its wording differs).
      const top = approved[0];
      const covers = top
        ? overlap(question, keywords(`${top.title ?? ''} ${top.text}`)) / Math.max(1, question.size) >= 0.6
        : false;
      if (!best || (best.score < 2 && !(best.rank === 0 && covers))) {
        return {
          answerable: false,
          answer: `No approved, effective procedure among the retrieved records answers this question; ask the area supervisor ${cite(INPUT_LABEL)}.`,
          procedureRefs: [],
        };
      }
      // The answer is the procedure's own wording, quoted, so nothing is paraphrased into something unsafe:
      // the best sentence with the sentences around it that also match, in the document's order.
      const picked = candidates
        .filter((c) => c.source === best.source && Math.abs(c.index - best.index) <= 2)
        .slice(0, 3)
        .sort((a, b) => a.index - b.index);
      const quote = picked.map((c) => c.sentence.replace(/"/g, "'")).join(' ');
      return {
        answerable: true,
        answer: `${best.source.title ?? best.source.id} says: "${quote}" ${cite(best.source.label)}.`,
        procedureRefs: [best.source.id],
      };
    },
  },
};
