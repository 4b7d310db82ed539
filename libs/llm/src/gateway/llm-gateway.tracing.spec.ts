import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { GEN_AI, resetTracingForTests, startTracing } from '@andon/observability';
import { loadLlmSettings } from '../config/llm-config';
import { ScriptedOpenAiServer } from '../testing/scripted-openai-server';
import {
  goodNcrAnswer,
  NCR_PII,
  ncrInput,
  ncrSources,
  PROMPTS_DIR,
  REDACTION_DIR,
} from '../testing/ncr.fixtures';
import { createLlmGateway } from './create-llm-gateway';

/** A model call through the real gateway and HTTP to a scripted OpenAI-compatible server is one GenAI span. */
describe('LlmGateway GenAI spans', () => {
  let server: ScriptedOpenAiServer;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    startTracing('llm-tracing-test', {}, { exporter });
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
  });
  afterAll(async () => {
    await server.close();
    await resetTracingForTests();
  });

  it('records model, tokens and prompt version on a chat span, without prompt or output text', async () => {
    server.enqueue({ kind: 'chat', content: JSON.stringify(goodNcrAnswer()), tokensIn: 900, tokensOut: 150 });
    const gateway = createLlmGateway({
      settings: loadLlmSettings({
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: server.baseUrl,
        LLM_API_KEY: 'test-key',
        LLM_MODEL_SMALL: 'small-model',
        LLM_MODEL_LARGE: 'large-model',
        LLM_PROMPTS_DIR: PROMPTS_DIR,
        LLM_REDACTION_DIR: REDACTION_DIR,
        ANDON_ENV: 'production',
        LLM_MAX_RETRIES: '0',
      }),
    });
    const result = await gateway.generate('ncr-triage', ncrInput, ncrSources, {
      site: 'plant-a',
      correlationId: 'corr-1',
    });
    expect(result.generation.deterministic).toBe(false);

    const chat = exporter.getFinishedSpans().filter((s) => s.name === 'chat small-model');
    expect(chat).toHaveLength(1);
    expect(chat[0]?.attributes).toMatchObject({
      [GEN_AI.operation]: 'chat',
      [GEN_AI.provider]: 'openai',
      [GEN_AI.requestModel]: 'small-model',
      [GEN_AI.inputTokens]: 900,
      [GEN_AI.outputTokens]: 150,
      [GEN_AI.promptId]: 'ncr-triage@v1',
      [GEN_AI.promptVersion]: 'v1',
      [GEN_AI.useCase]: 'ncr-triage',
    });
    const attributes = JSON.stringify(chat[0]?.attributes);
    for (const pii of NCR_PII) expect(attributes).not.toContain(pii);
    expect(attributes).not.toContain(ncrInput.description);
  });
});
