import { EVENT_QUESTIONS } from './questions/events.questions';
import { GOVERNANCE_QUESTIONS } from './questions/governance.questions';
import { PERFORMANCE_QUESTIONS } from './questions/performance.questions';
import { PRODUCTION_QUESTIONS } from './questions/production.questions';
import type { EvalQuestion } from './eval-question';

export type { EvalQuestion } from './eval-question';

/**
 * >= 50 questions over evalHistory(); each spec is the question translated by hand. The
 * order is part of the set (the FerretDB run asks every fourth question).
 */
export const EVAL_QUESTIONS: readonly EvalQuestion[] = [
  ...PRODUCTION_QUESTIONS,
  ...EVENT_QUESTIONS,
  ...PERFORMANCE_QUESTIONS,
  ...GOVERNANCE_QUESTIONS,
];
