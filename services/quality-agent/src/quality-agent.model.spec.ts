import { LlmCallOutcome, ModelTier } from '@andon/contracts';
import { ScriptedOpenAiServer } from '@andon/llm/testing';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters, deterministicLlm } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import { nonconformance, startQualityAgent, type RunningQualityAgent } from './test-support/quality-fixtures';

// The model path, against the scripted OpenAI-compatible server (the one allowed mock: a third-party API).
describe('quality agent with a model configured', () => {
  let server: ScriptedOpenAiServer;
  let adapters: EmbeddedAdapters;
  let agent: RunningQualityAgent;

  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    const llmSettings = deterministicLlm({
      LLM_PROVIDER: 'openai',
      LLM_BASE_URL: server.baseUrl,
      LLM_API_KEY: 'k',
      LLM_MODEL_SMALL: 'small-model',
      LLM_MODEL_LARGE: 'large-model',
      LLM_MAX_RETRIES: '0',
    });
    agent = await startQualityAgent(adapters, { llmSettings });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  const answer = (summary: string) =>
    JSON.stringify({
      category: 'dimensional',
      severity: 'major',
      dispositionHint: 'mrb-review',
      summary,
      containmentSteps: [],
    });

  it('uses a checked model answer and records the model, prompt and call', async () => {
    server.enqueue({
      kind: 'chat',
      content: answer('NCR-M-1 reports wall thickness out of tolerance on lot LOT-M-1 [S0].'),
      tokensIn: 800,
      tokensOut: 90,
    });
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      nonconformance('m1', { ncrId: 'NCR-M-1', lotIds: ['LOT-M-1'] }, 1),
    ]);
    await waitFor(() => agent.recorder.actions.length === 2 && agent.recorder.llmCalls.length === 1, {
      timeoutMs: 10_000,
      description: 'actions and call record',
    });
    const [investigation] = agent.recorder.actionsOfType('mes.start_investigation');
    // The model's text is labelled as such; it wrote no step (steps are only ever selected from procedures).
    expect(investigation?.rationale).toBe(
      '(Model-written summary) NCR-M-1 reports wall thickness out of tolerance on lot LOT-M-1 [S0].',
    );
    expect(investigation?.generation).toMatchObject({
      promptId: 'ncr-triage@v3',
      promptVersion: 'v3',
      model: 'small-model',
      provider: 'openai',
      deterministicFallback: false,
      fallbackReason: '',
    });
    expect(investigation?.generation?.modelWrittenFields).toContain('rationale');
    // Confidence comes from the checks and is never above the rule engine's 0.7.
    expect(investigation?.confidence).toBeLessThanOrEqual(0.7);
    expect(investigation?.confidence).toBeGreaterThan(0);
    expect(agent.recorder.llmCalls[0]).toMatchObject({
      callId: investigation?.generation?.llmCallIds[0],
      outcome: LlmCallOutcome.OK,
      tier: ModelTier.SMALL,
      inputTokens: 800,
      outputTokens: 90,
      useCase: 'ncr-triage',
    });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('falls back to the rule engine, flagged, when the model invents a number', async () => {
    server.enqueue({ kind: 'chat', content: answer('NCR-M-2 affects 400 parts on lot LOT-M-1 [S0].') });
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      nonconformance('m2', { ncrId: 'NCR-M-2', lotIds: ['LOT-M-1'] }, 1),
    ]);
    await waitFor(() => agent.recorder.actions.length === 2, { timeoutMs: 10_000, description: 'actions' });
    const [investigation] = agent.recorder.actionsOfType('mes.start_investigation');
    expect(investigation?.generation).toMatchObject({
      model: 'small-model',
      provider: 'openai',
      deterministicFallback: true,
      fallbackReason: 'unsupported-numbers',
    });
    expect(investigation?.rationale).toContain('NCR-M-2 reports 14 affected parts');
    expect(investigation?.confidence).toBeLessThan(0.7);
  });
});
