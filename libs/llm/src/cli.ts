// The evaluation runner behind `andon eval` and the prompt activation gate behind
// `andon prompts activate`, imported as '@andon/llm/cli' by tools/cli (which owns the
// commands and their argument parsing) and by benchmarks; not part of the runtime API.
export {
  runEvalCommand,
  selectScenarios,
  type EvalCommandOptions,
  type EvalCommandResult,
} from './eval/eval-command';
export { createEvalGate } from './eval/eval-gate';
export type { ActivationGate, GateResult } from './eval/activation-gate';
export {
  scenarioFromVerdict,
  writeHarvest,
  addReviewed,
  fieldOriginSchema,
  FIELD_SCENARIOS_FILE,
  type Verdict,
  type FieldOrigin,
} from './eval/harvest';
export {
  routingFromEvidence,
  createRoutingGate,
  tierScores,
  type RoutingEvidenceOptions,
} from './eval/routing-evidence';
export {
  RoutingRegistry,
  decideRoute,
  routingFileSchema,
  type RoutingFile,
  type TierScore,
} from './routing/routing-file';
