import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KafkaEventBus } from '@andon/bus';
import { Decision, TOPIC_SPECS, Topics } from '@andon/contracts';
import { randomBytes } from 'node:crypto';
import { exportPublicKeyPem, generateSigningKeyPair } from '@andon/governance/policy';
import { issueDevToken } from '@andon/governance/auth';
import { createLogger } from '@andon/observability';
import { MongoDocumentStore } from '@andon/persistence';
import { freePort, kafkaBrokers, mongoUri, ServiceProcess, uniqueName, waitFor } from '@andon/testing';
import type { EntryView } from '../src/query/ledger-query';
import { startLedgerApp, type LedgerApp } from '../src/testing/ledger-app';
import { rawMongo } from '../src/testing/temp-store';
import {
  approvedDecision,
  decisionMessage,
  holdAction,
  proposal,
  proposalMessage,
  type HoldAction,
} from './support/spine-fixtures';

/*
 * The proof of the governed action spine on real Kafka and real FerretDB. The test plays
 * the agent (publishes a proposal) and the approval service (signs a two-signature
 * decision with libs/governance, exactly as approval does); mes-sim and mes-writeback run
 * as their own processes from their main.ts; the audit ledger runs as its Nest module.
 * services/standalone adds the end-to-end through the real approval service.
 */

const REPO_ROOT = resolve(__dirname, '../../..');
const WAIT = { timeoutMs: 90_000, intervalMs: 250 };

interface Effect {
  key: string;
  actionId: string;
}
interface Lot {
  id: string;
  status: string;
  holds: Array<{ actionId: string }>;
}

describe('governed action spine (Kafka + FerretDB)', () => {
  jest.setTimeout(300_000);
  const approvalKey = generateSigningKeyPair();
  const attackerKey = generateSigningKeyPair();
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-spine-'));
  let mesBase = '';
  let sim: ServiceProcess | undefined;
  let writeback: ServiceProcess | undefined;
  let producer: KafkaEventBus;
  let ledgerBus: KafkaEventBus;
  let ledgerStore: MongoDocumentStore;
  let ledgerUri = '';
  let ledger: LedgerApp | undefined;
  let lots: Lot[] = [];
  let held: HoldAction;

  // The simulated MES wants a credential like a real one; the ledger API wants a person's token.
  const mesToken = randomBytes(24).toString('base64url');
  const ledgerSecret = randomBytes(32).toString('base64url');
  let auditor = '';
  const mes = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${mesBase}${path}`, { headers: { authorization: `Bearer ${mesToken}` } });
    if (!res.ok) throw new Error(`mes-sim ${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const effectsOf = (actionId: string) => mes<Effect[]>(`/effects?actionId=${encodeURIComponent(actionId)}`);
  const timeline = async (subjectId: string): Promise<EntryView[]> => {
    const res = await fetch(
      `${ledger?.baseUrl}/api/ledger/entries?subjectId=${encodeURIComponent(subjectId)}`,
      { headers: { authorization: `Bearer ${auditor}` } },
    );
    return ((await res.json()) as { entries: EntryView[] }).entries;
  };
  const verify = async (body: object = {}) => {
    const res = await fetch(`${ledger?.baseUrl}/api/ledger/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { ok: boolean; checked: number; firstBadSeq?: number; reason?: string };
  };
  const refusalOf = (entries: EntryView[]) =>
    entries
      .filter((e) => e.kind === 'action.refused')
      .map((e) => (e.payload as { message: { refusalReason: string } }).message.refusalReason);

  beforeAll(async () => {
    const brokers = kafkaBrokers();
    const simPort = await freePort();
    mesBase = `http://127.0.0.1:${simPort}/mes/v1`;
    sim = await ServiceProcess.start(
      'mes-sim',
      {
        HTTP_PORT: String(simPort),
        METRICS_PORT: '-1',
        SIM_GENERATOR: 'false',
        ANDON_DATA_DIR: join(dataDir, 'mes-sim'),
        MES_SIM_TOKENS: mesToken,
      },
      { url: `http://127.0.0.1:${simPort}/health/ready` },
    );
    auditor = await issueDevToken(
      { userId: 'co.gita', name: 'Gita', roles: ['compliance_officer'], sites: ['*'] },
      { secret: ledgerSecret },
    );

    const topics = [Topics.ActionsProposed, Topics.ActionsDecided, Topics.ActionsExecuted].map((name) => ({
      name,
      partitions: TOPIC_SPECS[name].partitions,
    }));
    producer = new KafkaEventBus({
      brokers,
      clientId: uniqueName('spine-test'),
      logger: createLogger('spine-test', 'warn'),
    });
    await producer.ensureTopics(topics);

    const writebackPort = await freePort();
    writeback = await ServiceProcess.start(
      'mes-writeback',
      {
        HTTP_PORT: String(writebackPort),
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_CLIENT_ID: uniqueName('mes-writeback'),
        MONGO_URI: mongoUri(uniqueName('writeback')),
        ANDON_DATA_DIR: join(dataDir, 'writeback'),
        CONSUMER_GROUP: uniqueName('mes-writeback'),
        APPROVAL_PUBLIC_KEYS: JSON.stringify({
          [approvalKey.keyId]: exportPublicKeyPem(approvalKey.publicKey),
        }),
        WRITEBACK_ACCEPTED_POLICY_VERSIONS: 'v1',
        MES_ENDPOINTS_DIR: join(REPO_ROOT, 'config/mes-endpoints'),
        MES_BASE_URLS: JSON.stringify({ 'plant-a': mesBase, 'plant-b': mesBase }),
        MES_API_TOKEN: mesToken,
        METRICS_PORT: '-1',
      },
      { url: `http://127.0.0.1:${writebackPort}/health/ready` },
    );

    ledgerUri = mongoUri(uniqueName('ledger'));
    ledgerStore = await MongoDocumentStore.connect(ledgerUri);
    ledgerBus = new KafkaEventBus({
      brokers,
      clientId: uniqueName('audit-ledger'),
      logger: createLogger('audit-ledger-bus', 'warn'),
    });
    ledger = await startLedgerApp(ledgerBus, ledgerStore, {
      CONSUMER_GROUP: uniqueName('audit-ledger'),
      GRPC_ENABLED: false,
      JWT_HS256_SECRET: ledgerSecret,
    });
    lots = await mes<Lot[]>('/lots?site=plant-a&line=line-1');
  });

  afterAll(async () => {
    await ledger?.close();
    await ledgerBus?.close();
    await ledgerStore?.close();
    await producer?.close();
    await writeback?.stop();
    await sim?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an approved hold changes the MES exactly once; the ledger shows proposed -> decided -> executed and verifies', async () => {
    held = holdAction(lots[0]?.id ?? 'missing', 'plant-a', 'line-1');
    await producer.publish([proposalMessage(proposal(held))]);
    // Approval decides after it has the proposal; so does this test, once the ledger has it.
    await waitFor(async () => (await timeline(held.actionId)).length === 1 || undefined, {
      ...WAIT,
      description: 'proposal in the ledger',
    });
    await producer.publish([decisionMessage(approvedDecision(held, approvalKey))]);

    await waitFor(async () => (await effectsOf(held.actionId)).length === 1 || undefined, {
      ...WAIT,
      description: `MES effect of ${held.actionId}`,
    });
    const entries = await waitFor(
      async () => {
        const found = await timeline(held.actionId);
        return found.length >= 3 ? found : undefined;
      },
      { ...WAIT, description: 'proposed, decided, executed in the ledger' },
    );

    expect(entries.map((e) => e.kind)).toEqual(['action.proposed', 'action.decided', 'action.executed']);
    expect(
      (entries[2]?.payload as { message: { status: string; mesResponse: { mesRecordId: string } } }).message,
    ).toMatchObject({
      status: 'EXECUTION_STATUS_EXECUTED',
      mesResponse: { mesRecordId: held.lotId },
    });
    const lot = await mes<Lot>(`/lots/${held.lotId}`);
    expect(lot.status).toBe('held');
    expect(lot.holds.map((h) => h.actionId)).toEqual([held.actionId]);
    expect(await effectsOf(held.actionId)).toEqual([
      expect.objectContaining({ key: `andon-${held.actionId}` }),
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a forged decision, a replayed decision and an action edited after approval execute nothing, and each is recorded as refused', async () => {
    const forged = holdAction(lots[1]?.id ?? 'missing', 'plant-a', 'line-1');
    const edited = holdAction(lots[2]?.id ?? 'missing', 'plant-a', 'line-1');
    await producer.publish([
      proposalMessage(proposal(forged)),
      proposalMessage(proposal({ ...edited, lotId: lots[3]?.id ?? 'missing' })),
    ]);
    await waitFor(
      async () =>
        ((await timeline(forged.actionId)).length === 1 && (await timeline(edited.actionId)).length === 1) ||
        undefined,
      { ...WAIT, description: 'proposals in the ledger' },
    );
    await producer.publish([
      decisionMessage(approvedDecision(forged, attackerKey)),
      decisionMessage(approvedDecision(edited, approvalKey)),
    ]);
    // The first decision for `held`, published again.
    const [decidedEntry] = (await timeline(held.actionId)).filter((e) => e.kind === 'action.decided');
    const replayed = (decidedEntry?.payload as { message: unknown }).message;
    await producer.publish([decisionMessage(Decision.fromJSON(replayed))]);

    await waitFor(async () => refusalOf(await timeline(forged.actionId)).length === 1 || undefined, {
      ...WAIT,
      description: 'forged decision refused',
    });
    await waitFor(async () => refusalOf(await timeline(edited.actionId)).length === 1 || undefined, {
      ...WAIT,
      description: 'edited action refused',
    });
    await waitFor(async () => refusalOf(await timeline(held.actionId)).length === 1 || undefined, {
      ...WAIT,
      description: 'replayed decision refused',
    });

    expect(refusalOf(await timeline(forged.actionId))).toEqual(['REFUSAL_REASON_UNKNOWN_KEY']);
    expect(refusalOf(await timeline(edited.actionId))).toEqual(['REFUSAL_REASON_HASH_MISMATCH']);
    expect(refusalOf(await timeline(held.actionId))).toEqual(['REFUSAL_REASON_REPLAYED']);
    expect(await effectsOf(forged.actionId)).toEqual([]);
    expect(await effectsOf(edited.actionId)).toEqual([]);
    expect(await effectsOf(held.actionId)).toHaveLength(1);
    for (const lot of lots.slice(1)) expect((await mes<Lot>(`/lots/${lot.id}`)).status).toBe('released');
    // The replayed decision itself was the same event: recorded once.
    expect((await timeline(held.actionId)).filter((e) => e.kind === 'action.decided')).toHaveLength(1);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('an entry altered directly in the database is named by verify', async () => {
    const [decided] = (await timeline(held.actionId)).filter((e) => e.kind === 'action.decided');
    const seq = decided?.seq ?? 0;
    const raw = await rawMongo(ledgerUri);
    try {
      await raw.set(
        `main:${String(seq).padStart(12, '0')}`,
        'payloadJson',
        JSON.stringify({ outcome: 'rejected' }),
      );
    } finally {
      await raw.close();
    }
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'PAYLOAD_TAMPERED' });
    expect(await verify({ fromSeq: seq + 1 })).toMatchObject({ ok: true });
  });
});
