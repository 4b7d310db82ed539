export interface GateResult {
  passed: boolean;
  /** One line, recorded in the activation history. */
  summary: string;
}

/** Evaluation gate run before a prompt activation (`andon prompts activate`), e.g. `createEvalGate`. */
export type ActivationGate = (useCase: string, version: string, env: string) => Promise<GateResult>;
