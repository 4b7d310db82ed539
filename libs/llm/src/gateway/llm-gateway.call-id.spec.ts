import { loadLlmSettings } from '../config/llm-config';
import { ScriptedOpenAiServer } from '../testing/scripted-openai-server';
import { goodNcrAnswer, ncrInput, ncrSources, PROMPTS_DIR, REDACTION_DIR } from '../testing/ncr.fixtures';
import { createLlmGateway } from './create-llm-gateway';
import type { LlmCallRecord } from './llm-call-record';

/** An output names the call record behind it from the gateway's answer, with no side channel. */
describe('LlmGateway call id', () => {
  let server: ScriptedOpenAiServer;

  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
  });
  afterAll(async () => {
    await server.close();
  });

  const gatewayRecordingTo = (records: LlmCallRecord[], env: Record<string, string> = {}) =>
    createLlmGateway({
      settings: loadLlmSettings({
        LLM_PROMPTS_DIR: PROMPTS_DIR,
        LLM_REDACTION_DIR: REDACTION_DIR,
        LLM_MAX_RETRIES: '0',
        ...env,
      }),
      onCall: (r) => void records.push(r),
    });

  it('returns the id of the record it emitted, for a model answer and for the deterministic engine', async () => {
    const records: LlmCallRecord[] = [];
    const model = gatewayRecordingTo(records, {
      LLM_PROVIDER: 'openai',
      LLM_BASE_URL: server.baseUrl,
      LLM_API_KEY: 'k',
      LLM_MODEL_SMALL: 's',
      LLM_MODEL_LARGE: 'l',
    });
    server.enqueue({ kind: 'chat', content: JSON.stringify(goodNcrAnswer()), tokensIn: 10, tokensOut: 10 });
    const answered = await model.generate('ncr-triage', ncrInput, ncrSources, {
      site: 'plant-a',
      correlationId: 'corr-1',
    });
    const fallback = await gatewayRecordingTo(records).generate('ncr-triage', ncrInput, ncrSources, {
      site: 'plant-a',
      correlationId: 'corr-2',
    });

    expect(answered.generation.deterministic).toBe(false);
    expect(fallback.generation.deterministic).toBe(true);
    expect(records.map((r) => [r.correlationId, r.callId])).toEqual([
      ['corr-1', answered.callId],
      ['corr-2', fallback.callId],
    ]);
    expect(answered.callId).not.toBe(fallback.callId);
  });
});
