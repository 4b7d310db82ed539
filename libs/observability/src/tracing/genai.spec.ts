import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { GEN_AI, genAiChatSpan } from './genai';
import { resetTracingForTests, startTracing, tracingRequested } from './tracing';

describe('GenAI spans', () => {
  afterEach(() => resetTracingForTests());

  it('records model, provider, tokens and prompt version, and no prompt or completion text', async () => {
    const exporter = new InMemorySpanExporter();
    startTracing('genai-test', {}, { exporter });
    const result = await genAiChatSpan(
      {
        provider: 'openai-compatible',
        model: 'small-model',
        promptId: 'ncr-triage',
        promptVersion: 'v3',
        useCase: 'ncr-triage',
        maxTokens: 400,
        temperature: 0,
      },
      async () => ({
        model: 'small-model-2026',
        tokensIn: 812,
        tokensOut: 96,
        attempts: 1,
        text: 'SECRET COMPLETION about LOT-1',
      }),
    );
    expect(result.tokensIn).toBe(812);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat small-model');
    expect(span?.attributes).toMatchObject({
      [GEN_AI.operation]: 'chat',
      [GEN_AI.provider]: 'openai-compatible',
      [GEN_AI.requestModel]: 'small-model',
      [GEN_AI.responseModel]: 'small-model-2026',
      [GEN_AI.inputTokens]: 812,
      [GEN_AI.outputTokens]: 96,
      [GEN_AI.promptVersion]: 'v3',
    });
    expect(JSON.stringify(span?.attributes)).not.toMatch(/SECRET|LOT-1/);
  });

  it('marks a failed call as an error span and rethrows', async () => {
    const exporter = new InMemorySpanExporter();
    startTracing('genai-test', {}, { exporter });
    await expect(
      genAiChatSpan({ provider: 'p', model: 'm', promptId: 'x', promptVersion: 'v1', useCase: 'x' }, () =>
        Promise.reject(new Error('timeout')),
      ),
    ).rejects.toThrow('timeout');
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(2);
  });

  it('is off without an OTLP endpoint, and OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none win over one', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBe(false);
  });
});
