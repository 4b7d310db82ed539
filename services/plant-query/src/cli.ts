// What tools/cli (the `andon` command) calls in this service, imported as
// '@andon/service-plant-query/cli' by tools/cli (and bench) only: the command and its argument
// parsing live in tools/cli; production code never imports this (ESLint refuses it).
export {
  runPlantQueryEval,
  type PlantQueryEvalReport,
  type PlantQueryEvalResult,
  type PlantQueryEvalOptions,
} from './eval/run-plant-query-eval';
export { EVAL_QUESTIONS, type EvalQuestion } from './eval/eval-questions';
