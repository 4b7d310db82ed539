import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmCallRecord as LlmCallMessage } from '@andon/contracts';
import { Ledger } from '@andon/governance/ledger';
import {
  createLlmGateway,
  DocumentCallCaptureStore,
  CALL_CAPTURE_COLLECTION,
  loadLlmSettings,
  PromptRegistry,
  ReplayDesk,
  replayEngines,
  type LlmCallRecord,
} from '@andon/llm';
import { ScriptedOpenAiServer } from '@andon/llm/testing';
import { MongoDocumentStore, type Versioned } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { ledgerLookup } from '../src/decision-replay';
import { toLlmCallMessage } from '../src/llm-call-publisher';

const ROOT = join(__dirname, '../../..');
const ENV = 'replay-test';

const ncrInput = {
  ncrId: 'NCR-7001',
  title: 'Bore diameter oversize',
  description: 'Maria Gonzalez found the bore diameter oversize on 37 housings.',
  partNumber: '7781-220',
  lot: 'L-2024-0113',
  quantityAffected: 37,
  lotSize: 400,
  characteristic: 'bore diameter',
  specNominal: 42.0,
  specTolerance: 0.05,
  measuredValue: 42.09,
};
const ncrSources = [
  {
    id: 'qms:IR-5521',
    kind: 'inspection',
    title: 'CMM report IR-5521',
    text: 'CMM check failed 37 of 40 samples; maximum 42.11 mm.',
    data: { failed: 37, samples: 40 },
  },
  {
    id: 'doc:WI-7@C#4',
    kind: 'work-instruction',
    title: 'Bore gauging',
    text: 'Gauge the bore with the air gauge every hour.',
  },
];
/** A schema-valid, grounded answer: the deterministic engine's own, as a model would return it. */
let grounded: Record<string, unknown>;
const answer = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...grounded, ...overrides });

/**
 * Decision replay end to end below the services: a call through the governed gateway on
 * the scripted OpenAI-compatible server, its record in a real ledger (FerretDB) as the
 * audit ledger keeps it (andon.v1.LlmCallRecord, proto JSON) and its capture in the same
 * store; then replays under the recorded and the current prompt and model.
 */
describe('decision replay (scripted model, ledger and captures on FerretDB)', () => {
  let server: ScriptedOpenAiServer;
  let store: MongoDocumentStore;
  let ledger: Ledger;
  let captures: DocumentCallCaptureStore;
  let promptsDir: string;
  const records: LlmCallRecord[] = [];
  const actionId = 'act-replay-1';

  const settings = (model: string) =>
    loadLlmSettings({
      LLM_PROVIDER: 'openai',
      LLM_BASE_URL: server.baseUrl,
      LLM_API_KEY: 'test-key',
      LLM_MODEL_SMALL: model,
      LLM_MODEL_LARGE: `${model}-large`,
      LLM_PROMPTS_DIR: promptsDir,
      ANDON_ENV: ENV,
      LLM_MAX_RETRIES: '0',
    });
  const count = async (): Promise<[number, number]> => [
    (await ledger.query({ limit: 1000 })).length,
    await (await store.collection<Versioned>(CALL_CAPTURE_COLLECTION)).count({}),
  ];

  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
    store = await MongoDocumentStore.connect(mongoUri(uniqueName('replay')));
    ledger = await Ledger.open(store);
    captures = await DocumentCallCaptureStore.open(store);
    promptsDir = mkdtempSync(join(tmpdir(), 'andon-replay-prompts-'));
    cpSync(join(ROOT, 'prompts/ncr-triage'), join(promptsDir, 'ncr-triage'), { recursive: true });
    writeFileSync(join(promptsDir, 'active.yaml'), 'environments: {}\n');
    new PromptRegistry(promptsDir).activate('ncr-triage', 'v1', ENV, { by: 'test' });
    const rules = createLlmGateway({ settings: loadLlmSettings({}), baseDir: ROOT });
    grounded = (
      await rules.generate('ncr-triage', ncrInput, ncrSources, { site: 'plant-a', correlationId: 'rules' })
    ).output as Record<string, unknown>;

    // The original call, recorded as the services record it: capture in the store, record in the ledger.
    const gateway = createLlmGateway({
      settings: settings('small-model'),
      baseDir: ROOT,
      captures,
      onCall: async (record) => {
        records.push(record);
        const message = LlmCallMessage.toJSON(
          LlmCallMessage.decode(LlmCallMessage.encode(toLlmCallMessage(record)).finish()),
        );
        await ledger.append({
          kind: 'llm.call',
          subjectId: record.callId,
          site: record.site,
          payload: { message } as never,
        });
      },
    });
    server.enqueue({ kind: 'chat', content: answer(), tokensIn: 900, tokensOut: 150 });
    const out = await gateway.generate('ncr-triage', ncrInput, ncrSources, {
      site: 'plant-a',
      correlationId: 'corr-replay',
    });
    expect(out.generation.deterministic).toBe(false);
    await ledger.append({
      kind: 'action.proposed',
      subjectId: actionId,
      site: 'plant-a',
      payload: {
        message: {
          actionId,
          title: 'Hold lot L-2024-0113',
          generation: { llmCallIds: [records[0]?.callId] },
        },
      },
    });
    // Since then: v2 of the prompt is active and the small tier is another model.
    new PromptRegistry(promptsDir).activate('ncr-triage', 'v2', ENV, { by: 'test' });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(promptsDir, { recursive: true, force: true });
  });

  const desk = () =>
    new ReplayDesk({
      ledger: ledgerLookup(ledger),
      captures,
      engines: replayEngines(settings('small-model-2'), ROOT),
    });

  it('records what replay needs: per-check results, parameters, sources with revisions, the capture hash', async () => {
    const [entry] = await ledger.query({ kind: 'llm.call' });
    const message = (entry?.payload as { message: Record<string, unknown> }).message;
    expect(message['checks']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'schema', passed: true }),
        expect.objectContaining({ name: 'citations', passed: true }),
      ]),
    );
    expect(message).toMatchObject({
      maxTokens: expect.any(Number),
      captureSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(message['retrievedSources']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'doc:WI-7@C#4',
          revision: 'C',
          chunk: '4',
          contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      ]),
    );
  });

  it('rebuilds an action from the ledger and the store and re-runs it under the recorded prompt and model', async () => {
    const before = await count();
    server.requests.splice(0);
    server.enqueue({
      kind: 'chat',
      content: answer({ category: 'material' }),
      tokensIn: 900,
      tokensOut: 150,
    });
    const report = await desk().replay(actionId, { prompt: 'recorded', model: 'recorded' });

    expect(report.problems).toEqual([]);
    expect(report.subject).toMatchObject({ id: actionId, kind: 'action.proposed', site: 'plant-a' });
    const call = report.calls[0];
    expect(call?.captureMatchesLedger).toBe(true);
    expect(call?.rebuilt.sources.map((s) => [s.id, s.revision ?? '', s.matchesLedger])).toEqual([
      ['qms:IR-5521', '', true],
      ['doc:WI-7@C#4', 'C', true],
    ]);
    expect(call?.rebuilt.redactions).toEqual(records[0]?.redactions);
    expect(Object.values(call?.rebuilt.redactions ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(call?.replayed).toMatchObject({ promptVersion: 'v1', model: 'small-model', outcome: 'llm' });
    expect(server.requests[0]?.body).toMatchObject({ model: 'small-model' });
    expect(call?.differences.classification).toEqual([
      { field: 'category', recorded: 'dimensional', replayed: 'material' },
    ]);
    expect(call?.differences.same).toBe(false);
    // Nothing recorded: no ledger entry, no capture.
    expect(await count()).toEqual(before);
  }, 60_000);

  it('re-runs under the current prompt and model, and says when they differ from the recorded ones', async () => {
    server.requests.splice(0);
    server.enqueue({ kind: 'chat', content: answer(), tokensIn: 900, tokensOut: 150 });
    const report = await desk().replay(records[0]?.callId ?? '', { prompt: 'current', model: 'current' });
    const call = report.calls[0];
    expect(call?.recorded).toMatchObject({ promptVersion: 'v1', model: 'small-model' });
    expect(call?.replayed).toMatchObject({ promptVersion: 'v2', model: 'small-model-2' });
    expect(call?.replayed.promptHash).not.toBe(call?.recorded.promptHash);
    expect(server.requests[0]?.body).toMatchObject({ model: 'small-model-2' });
    expect(call?.differences).toMatchObject({
      same: true,
      classification: [],
      citations: { added: [], removed: [] },
      text: '',
    });
  }, 60_000);

  it('shows a model answer the checks refuse as a fallback with its reasons', async () => {
    server.enqueue({
      kind: 'chat',
      content: answer({ summary: 'The bore is oversize by 9 mm.' }),
      tokensIn: 900,
      tokensOut: 150,
    });
    const call = (await desk().replay(actionId, { prompt: 'recorded', model: 'recorded' })).calls[0];
    expect(call?.replayed.outcome).toBe('fallback');
    expect(call?.replayed.fallbackReasons).toEqual(expect.arrayContaining(['uncited-claims']));
    expect(call?.replayed.checks.find((c) => c.name === 'citations')?.passed).toBe(false);
  }, 60_000);

  it('refuses to trust a capture changed after the call: the hash no longer matches the ledger', async () => {
    const callId = records[0]?.callId ?? '';
    const docs = await store.collection<Versioned & { json: string }>(CALL_CAPTURE_COLLECTION);
    const doc = await docs.get(callId);
    if (!doc) throw new Error('no capture');
    const edited = JSON.parse(doc.json) as { input: { quantityAffected: number } };
    edited.input.quantityAffected = 3;
    expect(await docs.compareAndSet(callId, doc.version, { json: JSON.stringify(edited) })).not.toBeNull();
    server.enqueue({ kind: 'chat', content: answer(), tokensIn: 900, tokensOut: 150 });
    const report = await desk().replay(actionId, { prompt: 'recorded', model: 'recorded' });
    expect(report.calls[0]?.captureMatchesLedger).toBe(false);
    expect(report.problems.join(' ')).toMatch(/does not match the hash in the ledger/);
  }, 60_000);
});
