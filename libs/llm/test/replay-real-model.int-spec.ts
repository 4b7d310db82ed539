import { join } from 'node:path';
import { llmUrl } from '@andon/testing';
import { loadLlmSettings, LOCAL_MODEL_NAME } from '../src/config/llm-config';
import { createLlmGateway } from '../src/gateway/create-llm-gateway';
import type { LlmCallRecord } from '../src/gateway/llm-call-record';
import { loadScenarios } from '../src/eval/eval-scenario';
import { InMemoryCallCaptureStore } from '../src/replay/call-capture';
import { ReplayDesk, replayEngines, type LedgerEntryView } from '../src/replay/replay-desk';

const ROOT = join(__dirname, '../../..');

// Decision replay through the real local model (SmolLM2-135M on the harness's `llm` server):
// one short operator question answered, captured and replayed under the recorded prompt and
// model. Bounded: two calls of at most 256 tokens, each under a 25 s client time-out (a
// slower call is a recorded provider-timeout fallback, and the replay still has to say so).
describe('decision replay through the real local model', () => {
  it('re-runs a captured call on the recorded model and reports both runs', async () => {
    const scenario = loadScenarios(join(__dirname, '../eval/scenarios')).find(
      (s) => s.id === 'qa-03-lockout',
    );
    if (!scenario) throw new Error('qa-03-lockout missing from the golden set');
    const settings = loadLlmSettings({
      LLM_PROVIDER: 'local',
      LLM_BASE_URL: llmUrl(),
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '25000',
    });
    const captures = new InMemoryCallCaptureStore();
    const records: LlmCallRecord[] = [];
    const gateway = createLlmGateway({
      settings,
      baseDir: ROOT,
      captures,
      onCall: (r) => void records.push(r),
    });
    await gateway.generate(scenario.useCase, scenario.input, scenario.sources, {
      site: scenario.site,
      correlationId: 'replay-real',
    });
    const [record] = records;
    if (!record) throw new Error('no call record');
    // The ledger's view of the call, as the audit ledger keeps it (proto JSON names).
    const entry: LedgerEntryView = {
      kind: 'llm.call',
      site: record.site,
      message: {
        callId: record.callId,
        model: record.model,
        promptVersion: record.promptVersion,
        captureSha256: record.captureSha256,
        retrievedSources: record.retrieved,
      },
    };
    const desk = new ReplayDesk({
      ledger: { bySubject: async (id) => (id === record.callId ? [entry] : []) },
      captures,
      engines: replayEngines(settings, ROOT),
    });

    const report = await desk.replay(record.callId, { prompt: 'recorded', model: 'recorded' });
    expect(report.problems).toEqual([]);
    const call = report.calls[0];
    expect(call?.captureMatchesLedger).toBe(true);
    expect(call?.recorded).toMatchObject({
      model: LOCAL_MODEL_NAME,
      provider: 'local',
      promptVersion: record.promptVersion,
    });
    expect(call?.replayed).toMatchObject({
      model: LOCAL_MODEL_NAME,
      provider: 'local',
      promptVersion: record.promptVersion,
    });
    expect(['llm', 'fallback']).toContain(call?.replayed.outcome);
    // Nothing recorded by the replay.
    expect(records).toHaveLength(1);
    expect(captures.captures.size).toBe(1);
  }, 90_000);
});
