import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmGateway, loadLlmSettings, loadScenarios, runEval, type EvalScenario } from '@andon/llm';
import { ScriptedOpenAiServer } from '@andon/llm/testing';
import { freePort, ServiceProcess, waitFor } from '@andon/testing';
import { runCli } from '../src/main';
import type { CliContext } from '../src/cli-context';

const ROOT = join(__dirname, '../../..');
const INGEST_TOKEN = 'replay-e2e-ingest-token';
const MES_TOKEN = 'replay-e2e-mes-token-0123456789';
const REASON = 'Bore gauge was out of calibration; the parts are in tolerance. Do not hold.';

interface Entry {
  kind: string;
  subjectId: string;
  correlationId: string;
}
interface ActionSummary {
  actionId: string;
  actionType: string;
  title: string;
}

/**
 * Decision replay and harvest against the whole product: the standalone (every service in
 * one process, the one `npm start` runs) with its model on the scripted OpenAI-compatible
 * server; the operator CLI in this process. One NCR becomes a proposed lot hold; `andon
 * replay` rebuilds and re-runs it (the model is called again) and nothing is proposed,
 * published, decided or executed because of it; an approver rejects the hold with a
 * reason; `andon eval harvest` turns it into a scenario the evaluation runner loads.
 */
describe('andon replay and andon eval harvest on the running product', () => {
  let andon: ServiceProcess;
  let model: ScriptedOpenAiServer;
  let url = '';
  let dataDir = '';
  let out = '';
  let holdId = '';
  const said: string[] = [];
  const ctx = (user: string): CliContext => ({
    env: { ANDON_URL: url, ANDON_USER: user, ANDON_PASSWORD: 'andon-demo' },
    rootDir: ROOT,
    out: (t) => void said.push(t),
    err: (t) => void said.push(t),
  });
  const token = async (user: string) => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: user, password: 'andon-demo' }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const get = async <T>(path: string, bearer: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const ledger = async (bearer: string) =>
    (await get<{ entries: Entry[] }>('/api/ledger/entries?limit=1000', bearer)).entries;
  const inLedger = (bearer: string, actionId: string) =>
    waitFor(
      async () =>
        (await ledger(bearer)).some((e) => e.kind === 'action.proposed' && e.subjectId === actionId),
      { timeoutMs: 30_000, description: `${actionId} in the ledger` },
    );
  const ingestNcr = async (ncrId: string, lot: string) => {
    const res = await fetch(`${url}/ingest/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
      body: JSON.stringify({
        sourceSystem: 'QMS',
        sourceEventId: `replay-${ncrId}-${Date.now()}`,
        eventType: 'nonconformance',
        location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1' },
        occurredAt: new Date().toISOString(),
        payload: {
          ncrId,
          categoryCode: 'Q-DIM',
          severity: 'MAJOR',
          description: `Short shots on ${lot}; 9 parts affected`,
          lotIds: [lot],
          product: 'PX-100',
        },
      }),
    });
    expect(res.status).toBe(202);
  };
  const pendingHold = (bearer: string, lot: string, except: readonly string[] = []) =>
    waitFor(
      async () =>
        (await get<{ actions: ActionSummary[] }>('/api/actions?state=pending', bearer)).actions.find(
          (a) =>
            a.actionType === 'mes.hold_lot' &&
            !except.includes(a.actionId) &&
            JSON.stringify(a).includes(lot),
        ),
      { timeoutMs: 90_000, description: `a proposed hold of ${lot}` },
    );
  const lotStatus = async (id: string) =>
    (
      (await (
        await fetch(`${url}/mes/v1/lots/${id}`, { headers: { authorization: `Bearer ${MES_TOKEN}` } })
      ).json()) as { status: string }
    ).status;

  beforeAll(async () => {
    model = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 503,
      message: 'scripted: overloaded',
    }));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'andon-replay-e2e-'));
    out = mkdtempSync(join(tmpdir(), 'andon-harvest-'));
    const env = Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    andon = await ServiceProcess.start(
      'standalone',
      {
        ...env,
        ANDON_DATA_DIR: dataDir,
        HTTP_PORT: String(port),
        METRICS_PORT: '0',
        KAFKA_BROKERS: '',
        MONGO_URI: '',
        ELASTICSEARCH_URL: '',
        SIM_GENERATOR: 'false',
        INGEST_HTTP_TOKENS: INGEST_TOKEN,
        MES_API_TOKEN: MES_TOKEN,
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: model.baseUrl,
        LLM_API_KEY: 'scripted-key',
        LLM_MODEL_SMALL: 'small-model',
        LLM_MODEL_LARGE: 'large-model',
        LLM_MAX_RETRIES: '0',
        // Every call is refused by the scripted server: keep the breaker closed so each is its own provider error.
        LLM_BREAKER_FAILURE_THRESHOLD: '100000',
      },
      { url: `${url}/health/ready`, timeoutMs: 150_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await andon?.stop();
    await model?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('replays a proposal: rebuilt from ledger and store, re-run on the model, nothing proposed, decided or executed', async () => {
    const lots = (await (
      await fetch(`${url}/mes/v1/lots?site=plant-a&line=line-1`, {
        headers: { authorization: `Bearer ${MES_TOKEN}` },
      })
    ).json()) as Array<{ id: string; status: string }>;
    const [lot, barrierLot] = lots;
    if (!lot || !barrierLot) throw new Error('mes-sim has fewer than two lots on plant-a/line-1');
    const anna = await token('qe.anna');
    await ingestNcr('NCR-REPLAY-1', lot.id);
    const hold = await pendingHold(anna, lot.id);
    holdId = hold.actionId;
    await inLedger(anna, hold.actionId);
    const before = await ledger(anna);
    const modelCalls = model.requests.length;

    said.length = 0;
    expect(await runCli(['replay', hold.actionId], ctx('qe.anna'))).toBe(0);
    const text = said.join('\n');
    expect(text).toContain(`replay of action.proposed ${hold.actionId}`);
    expect(text).toMatch(/capture: matches the ledger/);
    expect(text).toMatch(/recorded: prompt v\d+ .*small-model via openai, fallback \(provider-error\)/);
    // The replay really called the model again.
    expect(model.requests.length).toBeGreaterThan(modelCalls);
    said.length = 0;
    expect(
      await runCli(
        ['replay', hold.actionId, '--prompt', 'current', '--model', 'current', '--json'],
        ctx('qe.anna'),
      ),
    ).toBe(0);
    const report = JSON.parse(said.join('\n')) as {
      replay: boolean;
      calls: Array<{ rebuilt: { sources: unknown[] } }>;
    };
    expect(report.replay).toBe(true);
    expect(report.calls.length).toBeGreaterThan(0);
    // An operator may not see what produced a decision.
    said.length = 0;
    expect(await runCli(['replay', hold.actionId], ctx('op.hugo'))).toBe(1);
    expect(said.join('\n')).toMatch(/403/);
    // A query the route does not know is refused at the edge with the kit's one error body.
    const bad = await fetch(`${url}/api/console/replay/${hold.actionId}?prompt=newest`, {
      headers: { authorization: `Bearer ${anna}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'BAD_REQUEST', message: expect.stringContaining('prompt') });

    // Barrier: a second NCR flows through the same bus to the ledger after the replays.
    await ingestNcr('NCR-REPLAY-BARRIER', barrierLot.id);
    const barrier = await pendingHold(anna, barrierLot.id, [hold.actionId]);
    await inLedger(anna, barrier.actionId);
    const after = await ledger(anna);
    const added = after.filter((e) => !before.some((b) => b.kind === e.kind && b.subjectId === e.subjectId));
    // Only the barrier's story: nothing from a replay (correlation "replay:..."), no decision, no execution.
    expect(added.filter((e) => e.correlationId.startsWith('replay:'))).toEqual([]);
    expect(
      added.filter((e) => ['action.decided', 'action.executed', 'action.refused'].includes(e.kind)),
    ).toEqual([]);
    // Every proposal added since belongs to one of the two NCRs (the first one's investigation may land late).
    const ncrs = new Set(
      after
        .filter(
          (e) => e.kind === 'action.proposed' && [hold.actionId, barrier.actionId].includes(e.subjectId),
        )
        .map((e) => e.correlationId),
    );
    expect(ncrs.size).toBe(2);
    expect(added.filter((e) => e.kind === 'action.proposed').map((e) => e.subjectId)).toContain(
      barrier.actionId,
    );
    expect(added.filter((e) => !ncrs.has(e.correlationId))).toEqual([]);
    const pending = (await get<{ actions: ActionSummary[] }>('/api/actions?state=pending', anna)).actions
      .filter((a) => a.actionType === 'mes.hold_lot')
      .map((a) => a.actionId)
      .sort();
    expect(pending).toEqual([hold.actionId, barrier.actionId].sort());
    expect(await lotStatus(lot.id)).toBe(lot.status);
  }, 240_000);

  it('harvests the rejected proposal with its reason as a scenario the evaluation runner loads, and adds it after review', async () => {
    if (!holdId) throw new Error('the replay test found no hold');
    const anna = await token('qe.anna');
    const res = await fetch(`${url}/api/actions/${encodeURIComponent(holdId)}/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}` },
      body: JSON.stringify({ decision: 'reject', meaning: 'review', reason: REASON, password: 'andon-demo' }),
    });
    expect(res.status).toBe(200);

    said.length = 0;
    expect(await runCli(['eval', 'harvest', '--out', out], ctx('qe.anna'))).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
    const mine = loadScenarios(out).filter(
      (s) => (s.origin as { subjectId?: string } | undefined)?.subjectId === holdId,
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]?.origin).toMatchObject({
      verdict: 'rejected',
      reviewed: false,
      reasons: [{ by: 'qe.anna', reason: REASON }],
    });
    // Redacted with the site's dictionary: the description's lot and part numbers stay, names would not.
    expect(JSON.stringify(mine[0]?.input)).toContain('Short shots');

    // The evaluation runner loads it and counts it as from the field.
    const report = await runEval(createLlmGateway({ settings: loadLlmSettings({}), baseDir: ROOT }), mine, {
      repeats: 1,
    });
    expect(report.fromField).toBe(mine.length);

    // Review, then the documented step adds it to (a copy of) the golden set.
    const golden = mkdtempSync(join(tmpdir(), 'andon-golden-'));
    try {
      cpSync(join(ROOT, 'libs/llm/eval/scenarios'), golden, { recursive: true });
      const file = join(out, `${mine[0]?.id}.json`);
      const [scenario] = JSON.parse(readFileSync(file, 'utf8')) as Array<
        EvalScenario & { origin: { reviewed: boolean } }
      >;
      if (!scenario) throw new Error('empty harvest file');
      expect(await runCli(['eval', 'harvest', 'add', file, '--golden', golden], ctx('qe.anna'))).toBe(1);
      scenario.expected.mustMention = ['calibration'];
      scenario.origin.reviewed = true;
      writeFileSync(file, JSON.stringify([scenario]));
      expect(await runCli(['eval', 'harvest', 'add', file, '--golden', golden], ctx('qe.anna'))).toBe(0);
      expect(
        loadScenarios(golden)
          .filter((s) => s.origin?.kind === 'field')
          .map((s) => s.id),
      ).toEqual([scenario.id]);
    } finally {
      rmSync(golden, { recursive: true, force: true });
    }
  }, 120_000);
});
