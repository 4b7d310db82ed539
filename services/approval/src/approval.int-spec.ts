import { createEventBus, type EventBus, type Subscription } from '@andon/bus';
import { Decision, DecisionOutcome, Topics, locationKey } from '@andon/contracts';
import { actionHash } from '@andon/governance/canonical';
import { exportPublicKeyPem, loadPublicKeySet, verifyDecision } from '@andon/governance/policy';
import { createLogger } from '@andon/observability';
import { MongoDocumentStore } from '@andon/persistence';
import { kafkaBrokers, mongoUri, uniqueName, waitFor } from '@andon/testing';
import { decisionForSigningFromProto } from '@andon/governance/policy';
import { actionForHash } from '@andon/governance/policy';
import { startApprovalApp, type ApprovalApp } from './testing/approval-app';
import { DEMO_PASSWORD } from './testing/approval-harness';
import { encodeProposal, proposal } from './testing/proposals';

// Real Kafka and FerretDB: a proposed transaction_execution action goes in on
// andon.actions.proposed.v1, two people sign it over HTTP, and a decision signed by the
// service comes out on andon.actions.decided.v1, verifiable with the public key alone.
describe('approval on real Kafka + FerretDB', () => {
  const log = createLogger('approval-int', 'silent');
  let bus: EventBus;
  let store: MongoDocumentStore;
  let approval: ApprovalApp;
  let subscription: Subscription;
  const decided: Decision[] = [];

  beforeAll(async () => {
    bus = createEventBus(
      { KAFKA_BROKERS: kafkaBrokers(), KAFKA_CLIENT_ID: uniqueName('approval') },
      { logger: log },
    );
    store = await MongoDocumentStore.connect(mongoUri(uniqueName('approval')));
    approval = await startApprovalApp({ bus, store, consumerGroup: uniqueName('approval') });
    subscription = await bus.subscribe({
      groupId: uniqueName('decided-reader'),
      topics: [Topics.ActionsDecided],
      handler: async (value) => void decided.push(Decision.decode(value)),
    });
  }, 120_000);

  afterAll(async () => {
    await subscription?.close();
    await approval?.close();
    await bus?.close();
    await store?.close();
  });

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${approval.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = async (userId: string) =>
    (await post('/api/auth/login', { userId, password: DEMO_PASSWORD })).body['token'] as string;

  it('publishes a verifiable, hash-bound decision after two e-signatures', async () => {
    const action = proposal('hold_lot', new Date());
    await bus.publish([
      {
        topic: Topics.ActionsProposed,
        key: locationKey({ site: 'plant-a', line: 'line-2' }),
        value: encodeProposal(action),
      },
    ]);
    const anna = await login('qe.anna');
    const ben = await login('sup.ben');

    await waitFor(
      async () =>
        (
          await fetch(`${approval.baseUrl}/api/actions/${action.actionId}`, {
            headers: { authorization: `Bearer ${anna}` },
          })
        ).status === 200,
      { timeoutMs: 60_000, description: 'proposed action consumed and stored' },
    );
    const first = await post(
      `/api/actions/${action.actionId}/decisions`,
      {
        decision: 'approve',
        meaning: 'approval',
        reason: 'two bores out of spec on LOT-5',
        password: DEMO_PASSWORD,
      },
      anna,
    );
    expect(first).toMatchObject({ status: 200, body: { state: 'pending' } });
    const second = await post(
      `/api/actions/${action.actionId}/decisions`,
      {
        decision: 'approve',
        meaning: 'responsibility',
        reason: 'line 2 can absorb the hold',
        password: DEMO_PASSWORD,
      },
      ben,
    );
    expect(second).toMatchObject({ status: 200, body: { state: 'approved' } });

    const decision = await waitFor(() => decided.find((d) => d.actionId === action.actionId), {
      timeoutMs: 60_000,
      description: 'decision on andon.actions.decided.v1',
    });
    expect(decision.outcome).toBe(DecisionOutcome.APPROVED);
    expect(decision.signatures.map((s) => [s.userId, s.role, s.approved])).toEqual([
      ['qe.anna', 'quality_engineer', true],
      ['sup.ben', 'production_supervisor', true],
    ]);
    expect(decision.actionHash).toBe(actionHash(actionForHash(action)));

    // A consumer holds only the public key (PEM), as mes-writeback does.
    const trusted = loadPublicKeySet(exportPublicKeyPem(approval.signingKey.publicKey));
    const { signed, signature } = decisionForSigningFromProto(decision);
    expect(
      verifyDecision(signed, signature, trusted, { action: actionForHash(action), now: new Date() }),
    ).toEqual({
      ok: true,
      keyId: approval.signingKey.keyId,
    });
    const tampered = {
      ...actionForHash(action),
      action: {
        type: 'mes.hold_lot',
        mesCall: { method: 'POST', path: '/lots/LOT-6/hold', payloadJson: '{}' },
      },
    };
    expect(verifyDecision(signed, signature, trusted, { action: tampered })).toMatchObject({
      ok: false,
      code: 'HASH_MISMATCH',
    });

    const stored = await approval.actions.get(action.actionId);
    expect(stored?.published).toBe(true);
  });

  it('lets exactly one of two racing approvers decide, with one decision on the topic (conditional updates on FerretDB)', async () => {
    const action = proposal('post_shift_log', new Date());
    await approval.intake.handle(encodeProposal(action), approval.log);
    const [ben, bea] = await Promise.all([login('sup.ben'), login('sup.bea')]);
    const body = {
      decision: 'approve',
      meaning: 'approval',
      reason: 'handoff reviewed',
      password: DEMO_PASSWORD,
    };

    const replies = await Promise.all([
      post(`/api/actions/${action.actionId}/decisions`, body, ben),
      post(`/api/actions/${action.actionId}/decisions`, body, bea),
    ]);

    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = await approval.actions.get(action.actionId);
    expect(stored?.state).toBe('approved');
    expect(stored?.signatures).toHaveLength(1);
    // A sentinel on the same key lands behind any decision for this action in its partition.
    const sentinel = Decision.fromPartial({
      actionId: `drain-${action.actionId}`,
      location: action.location,
    });
    await bus.publish([
      {
        topic: Topics.ActionsDecided,
        key: locationKey(action.location),
        value: Decision.encode(sentinel).finish(),
      },
    ]);
    await waitFor(() => decided.some((d) => d.actionId === sentinel.actionId), {
      timeoutMs: 60_000,
      description: 'decided topic drained',
    });
    expect(decided.filter((d) => d.actionId === action.actionId).map((d) => d.decisionId)).toEqual([
      stored?.decision?.decisionId,
    ]);
  });
});
