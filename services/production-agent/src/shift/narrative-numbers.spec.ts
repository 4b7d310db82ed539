import { RecommendationKind } from '@andon/contracts';
import { ScriptedOpenAiServer } from '@andon/llm/testing';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters, deterministicLlm } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  downtimeEnd,
  downtimeStart,
  shiftCounts,
  shiftEnd,
  startProductionAgent,
  type RunningProductionAgent,
} from '../test-support/production-fixtures';

// The narrative may be written by a model, but it may never contradict the OEE computed in
// code: the gateway's number check rejects it and the rule engine's narrative is used, flagged.
describe('production narrative against the numbers (model path, scripted OpenAI-compatible server)', () => {
  let server: ScriptedOpenAiServer;
  let adapters: EmbeddedAdapters;
  let agent: RunningProductionAgent;

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
    agent = await startProductionAgent(adapters, {
      llmSettings,
      config: { PRODUCTION_SCRAP_SPIKE_RATE: 0.5 },
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  const narrative = (oeeText: string) =>
    JSON.stringify({
      headline: 'plant-a/line-1 shift A: 5400 good parts against a plan of 7200, attainment 75% [S0].',
      narrative: `${oeeText} Scrap was 360 parts [S0].`,
      dataQualityNotes: [],
      attainmentBand: 'behind',
    });

  const runShift = async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      ...shiftCounts(),
      downtimeStart('dt-s', 30, 'a-l1-m1'),
      downtimeEnd('dt-e', 50, 'a-l1-m1'),
      shiftEnd('se-1', 0, 120),
    ]);
    await waitFor(
      () => agent.recorder.recommendations.some((r) => r.kind === RecommendationKind.PRODUCTION_REPORT),
      { timeoutMs: 10_000, description: 'the production report' },
    );
    return agent.recorder.recommendations.find((r) => r.kind === RecommendationKind.PRODUCTION_REPORT);
  };

  it('publishes a model narrative whose numbers match the computed OEE', async () => {
    // The narrative is generated first, then the handoff (left to the rule engine here).
    server.enqueue(
      {
        kind: 'chat',
        content: narrative('OEE was 75% from availability 83.3%, performance 96% and quality 93.8% [S0].'),
      },
      { kind: 'chat', content: '{}' },
    );
    const report = await runShift();
    expect(report?.generation).toMatchObject({
      promptId: 'production-narrative@v1',
      model: 'large-model',
      provider: 'openai',
      deterministicFallback: false,
    });
    expect(report?.bodyMarkdown).toContain(
      'OEE was 75% from availability 83.3%, performance 96% and quality 93.8% [S0].',
    );
  });

  it('replaces a narrative that contradicts the computed OEE with the rule engine, flagged unsupported-numbers', async () => {
    server.enqueue(
      { kind: 'chat', content: narrative('OEE was 91% thanks to a smooth shift [S0].') },
      { kind: 'chat', content: '{}' },
    );
    const report = await runShift();
    expect(report?.generation).toMatchObject({
      model: 'large-model',
      provider: 'openai',
      deterministicFallback: true,
      fallbackReason: 'unsupported-numbers',
    });
    expect(report?.bodyMarkdown).not.toContain('91%');
    expect(report?.bodyMarkdown).toContain('OEE was 75% from availability 83.3%');
    expect(JSON.parse(report?.dataJson ?? '{}')).toMatchObject({ oee: 0.75 });
  });
});
