import { loadLlmSettings } from '../config/llm-config';
import { ScriptedOpenAiServer } from '../testing/scripted-openai-server';
import { PROMPTS_DIR, REDACTION_DIR } from '../testing/ncr.fixtures';
import { createLlmGateway, type CreateLlmGatewayOptions } from './create-llm-gateway';
import type { LlmCallRecord } from './llm-call-record';
import type { LlmGateway } from './llm-gateway';

export interface ScriptedGatewayFixture {
  server: ScriptedOpenAiServer;
  /** the call records of the current test */
  records: LlmCallRecord[];
  /** the gateway's clock (ms), reset before each test */
  clock: number;
  readonly ctx: { site: string; correlationId: string };
  gateway(env?: Record<string, string>, options?: Partial<CreateLlmGatewayOptions>): LlmGateway;
}

/**
 * For the gateway's scripted specs: one scripted OpenAI-compatible server per file, and a
 * production-environment gateway on it with the NCR fixtures' prompts and redaction.
 * Registers its own Jest hooks; call it at the top of a describe block.
 */
export function useScriptedGateway(): ScriptedGatewayFixture {
  const f: ScriptedGatewayFixture = {
    server: undefined as unknown as ScriptedOpenAiServer,
    records: [],
    clock: 0,
    ctx: { site: 'plant-a', correlationId: 'corr-1' },
    gateway: (env = {}, options = {}) =>
      createLlmGateway({
        settings: loadLlmSettings({
          LLM_PROVIDER: 'openai',
          LLM_BASE_URL: f.server.baseUrl,
          LLM_API_KEY: 'test-key',
          LLM_MODEL_SMALL: 'small-model',
          LLM_MODEL_LARGE: 'large-model',
          LLM_PRICES: 'small-model=0.2:0.8,large-model=3:15',
          LLM_PROMPTS_DIR: PROMPTS_DIR,
          LLM_REDACTION_DIR: REDACTION_DIR,
          ANDON_ENV: 'production',
          LLM_MAX_RETRIES: '0',
          LLM_RETRY_BASE_DELAY_MS: '0',
          ...env,
        }),
        onCall: (r) => void f.records.push(r),
        now: () => f.clock,
        ...options,
      }),
  };
  beforeAll(async () => {
    f.server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
  });
  afterAll(() => f.server.close());
  beforeEach(() => {
    f.server.requests.splice(0);
    f.records = [];
    f.clock = Date.parse('2025-03-01T08:00:00Z');
  });
  return f;
}
