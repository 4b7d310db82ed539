import type { LabelledSource, SourceRecord } from '../governance/governance.types';
import { INPUT_LABEL, type AnyUseCase } from '../use-cases/use-case';

/**
 * S0 is the request record (validated input plus computed facts); retrieved records
 * follow as S1..Sn in the order given.
 */
export function labelSources(
  useCase: AnyUseCase,
  input: unknown,
  retrieved: readonly SourceRecord[],
): LabelledSource[] {
  const computed = useCase.computedFacts?.(input);
  const request: LabelledSource = {
    label: INPUT_LABEL,
    id: `request:${useCase.name}`,
    kind: 'request',
    title: `${useCase.name} request`,
    text: `The ${useCase.name} request as submitted by the calling service${computed ? ', with totals and rates computed in code' : ''}.`,
    data: { input, ...(computed ? { computed } : {}) },
  };
  return [request, ...retrieved.map((s, i) => ({ ...s, label: `S${i + 1}` }))];
}
