export interface PolicyProblem {
  file: string;
  field: string;
  message: string;
}

/** Every problem in a policy load at once, each naming file and field. */
export class PolicyValidationError extends Error {
  constructor(readonly problems: PolicyProblem[]) {
    super(`Invalid policy:\n${problems.map((p) => `  - ${p.file}: ${p.field}: ${p.message}`).join('\n')}`);
    this.name = 'PolicyValidationError';
  }
}
