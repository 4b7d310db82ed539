import type { Role } from '@andon/governance/auth';
import type { OracleSpec } from './eval-oracle';

export interface EvalQuestion {
  id: string;
  question: string;
  /** Caller; supervisor by default. */
  sites: readonly string[];
  roles?: readonly Role[];
  lines?: readonly string[];
  /** Either the answer key's spec (written by hand from the question, not by the parser) or the refusal expected. */
  expect: OracleSpec | { refusal: string };
}

/** The callers' sites the question families use. */
export const A = ['plant-a'];
export const B = ['plant-b'];
export const AB = ['plant-a', 'plant-b'];
