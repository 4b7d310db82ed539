import type { z } from 'zod';
import type { TaskKind } from '../config/llm-config';
import type { LabelledSource } from '../governance/governance.types';
import type { ProcedureCatalogue } from './procedure-catalogue';

export const USE_CASES = [
  'ncr-triage',
  'maintenance-proposal',
  'schedule-risk',
  'shift-handoff',
  'production-narrative',
  'root-cause',
  'operator-qa',
  'compliance-check',
  'plant-query-translate',
] as const;
export type UseCaseName = (typeof USE_CASES)[number];

/** Label of the request record itself (the validated input plus computed facts). */
export const INPUT_LABEL = 'S0';

/**
 * Which request fields the gateway flagged (an injection, or a forbidden instruction
 * found by the rules or by meaning), by path such as `input.operatorNotes.2`. The
 * deterministic engine never quotes a flagged field.
 */
export interface InputFlags {
  isFlagged(path: string): boolean;
}

export const NO_FLAGS: InputFlags = { isFlagged: () => false };

/**
 * Same inputs, same structured output, no model: the product works with no LLM configured.
 * Use cases that recommend steps select them from `procedures` (the usable steps of the
 * effective procedure revisions passed as sources), like the model must.
 */
export interface DeterministicEngine<I, O> {
  generate(
    input: I,
    sources: readonly LabelledSource[],
    flags?: InputFlags,
    procedures?: ProcedureCatalogue,
  ): O;
}

export interface UseCaseDefinition<I, O> {
  name: UseCaseName;
  /** Default task kind, used when a prompt does not say. */
  task: TaskKind;
  /** Name referenced by prompt front-matter `outputSchema`. */
  outputSchemaName: string;
  inputSchema: z.ZodType<I>;
  outputSchema: z.ZodType<O>;
  /**
   * Numbers derived from the input (totals, rates, ratios) computed in code and shown
   * to the model inside the request record, so neither the model nor the template
   * does arithmetic that the number check could not verify.
   */
  computedFacts?(input: I): Record<string, number | string>;
  /**
   * The procedure step ids the output selects (recommended or containment steps), in order.
   * Each must be a usable step of an effective procedure revision passed as a source; the
   * text shown is the procedure's (procedure-catalogue.ts), never the model's.
   */
  stepIds?(output: O): string[];
  /** Prose fields whose sentences are claims: citation and number checks. */
  claimTexts(output: O): string[];
  /** Fields the evaluation compares with a scenario's expected classification. */
  classification(output: O): Record<string, string | number | boolean>;
  deterministic: DeterministicEngine<I, O>;
}

/** A definition with its type parameters erased, for registries and the gateway. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance escape hatch for a heterogeneous registry; inputs are re-validated by inputSchema
export type AnyUseCase = UseCaseDefinition<any, any>;

export function cite(...labels: string[]): string {
  return `[${labels.join(', ')}]`;
}

export function sourcesOfKind(sources: readonly LabelledSource[], ...kinds: string[]): LabelledSource[] {
  return sources.filter((s) => s.label !== INPUT_LABEL && kinds.includes(s.kind));
}

export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Every string inside a value, for policy and injection checks over whole outputs. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

/** Every string inside a value with its path (`input.operatorNotes.2`), for scanning and flags. */
export function stringLeaves(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}.${i}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, `${path}.${k}`));
  return [];
}
