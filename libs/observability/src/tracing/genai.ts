import { SpanKind, inSpan, type Span } from './tracing';

/**
 * OpenTelemetry GenAI semantic conventions (gen_ai.*) for one model call: what Langfuse,
 * Phoenix and the OTel backends read. Never the prompt or the completion text: Andon's
 * prompts carry plant records, and the ledger already keeps the redacted record of each
 * call. The prompt's id and version are Andon attributes (the conventions have none).
 */
export const GEN_AI = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  /** The older name of gen_ai.provider.name, still what most backends group by. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  promptId: 'andon.prompt.id',
  promptVersion: 'andon.prompt.version',
  useCase: 'andon.llm.use_case',
  attempts: 'andon.llm.attempts',
} as const;

export interface GenAiRequest {
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  useCase: string;
  maxTokens?: number;
  temperature?: number;
}

export interface GenAiResult {
  model: string;
  tokensIn: number;
  tokensOut: number;
  attempts?: number;
}

/** Runs one chat completion inside a `chat <model>` client span with gen_ai.* attributes. */
export function genAiChatSpan<R extends GenAiResult>(
  request: GenAiRequest,
  call: () => Promise<R>,
): Promise<R> {
  const attributes: Record<string, string | number> = {
    [GEN_AI.operation]: 'chat',
    [GEN_AI.provider]: request.provider,
    [GEN_AI.system]: request.provider,
    [GEN_AI.requestModel]: request.model,
    [GEN_AI.promptId]: request.promptId,
    [GEN_AI.promptVersion]: request.promptVersion,
    [GEN_AI.useCase]: request.useCase,
  };
  if (request.maxTokens !== undefined) attributes[GEN_AI.requestMaxTokens] = request.maxTokens;
  if (request.temperature !== undefined) attributes[GEN_AI.requestTemperature] = request.temperature;
  return inSpan(`chat ${request.model}`, { kind: SpanKind.CLIENT, attributes }, async (span: Span) => {
    const result = await call();
    span.setAttributes({
      [GEN_AI.responseModel]: result.model,
      [GEN_AI.inputTokens]: result.tokensIn,
      [GEN_AI.outputTokens]: result.tokensOut,
      ...(result.attempts !== undefined ? { [GEN_AI.attempts]: result.attempts } : {}),
    });
    return result;
  });
}
