import { NonRetryableError } from '@andon/bus';
import type { GenerationInfo as GenerationMessage } from '@andon/contracts';
import { InvalidUseCaseInputError, type GovernedOutput, type LlmGateway, type UseCaseName } from '@andon/llm';
import type { AgentSource } from './evidence';
import { toGenerationMessage } from './generation';

export interface AgentGeneration<O> {
  result: GovernedOutput<O>;
  /** The generation as recorded on every output, naming the LLM call record the gateway returned. */
  generation: GenerationMessage;
}

/**
 * The one way an agent asks the gateway: the sources' records in citation order, the
 * trigger's site and correlation, and the answer with its generation message (which names
 * the call record). `modelWritten` names the output fields a model wrote when the answer
 * is the model's. A request the use case refuses is refused on every redelivery too, so it
 * is a NonRetryableError (dead-lettered at once); anything else is retried by the bus.
 */
export async function generateGoverned<O>(
  gateway: LlmGateway,
  useCase: UseCaseName,
  input: unknown,
  sources: readonly AgentSource[],
  trigger: { site: string; correlationId: string },
  modelWritten: readonly string[] = [],
): Promise<AgentGeneration<O>> {
  let result: GovernedOutput<O>;
  try {
    result = await gateway.generate<O>(
      useCase,
      input,
      sources.map((s) => s.source),
      { site: trigger.site, correlationId: trigger.correlationId },
    );
  } catch (err) {
    if (err instanceof InvalidUseCaseInputError)
      throw new NonRetryableError(err.message, { reason: 'schema_invalid', cause: err });
    throw err;
  }
  return { result, generation: toGenerationMessage(result.generation, [result.callId], modelWritten) };
}
