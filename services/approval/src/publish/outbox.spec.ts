import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessEventBus } from '@andon/bus';
import { Decision, Topics } from '@andon/contracts';
import { generateSigningKeyPair, loadPolicies } from '@andon/governance/policy';
import { createLogger, Metrics } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { createApprovalCore, type ApprovalCore } from '../approval-core';
import { ManualClock, POLICY_ROOT, TEST_HS256_SECRET, testUserDirectory } from '../testing/approval-harness';
import { encodeProposal, proposal } from '../testing/proposals';
import { approval } from '../testing/signing-helpers';

// The decided topic does not exist on the first bus, so every publish fails the way an
// unreachable broker would. The decision must survive in the store and go out when a
// restarted service (a new core on the same database) flushes its outbox.
describe('decision outbox', () => {
  const log = createLogger('approval-test', 'silent');
  const dir = mkdtempSync(join(tmpdir(), 'approval-outbox-'));
  const file = join(dir, 'approval.sqlite');
  const signingKey = generateSigningKeyPair();
  const clock = new ManualClock(new Date());

  const core = async (bus: InProcessEventBus, store: SqliteDocumentStore): Promise<ApprovalCore> =>
    createApprovalCore({
      bus,
      store,
      log,
      metrics: new Metrics({}, false),
      policies: loadPolicies(POLICY_ROOT),
      signingKey,
      users: await testUserDirectory(),
      auth: { hs256Secret: TEST_HS256_SECRET },
      clock,
    });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a decision whose publish failed and publishes it exactly once after a restart', async () => {
    const action = proposal('post_shift_log', clock.now());
    const brokenBus = new InProcessEventBus({ logger: log });
    await brokenBus.ensureTopics([{ name: Topics.ActionsProposed, partitions: 1 }]);
    const firstStore = SqliteDocumentStore.open(file);
    const first = await core(brokenBus, firstStore);
    await first.intake.handle(encodeProposal(action), log);
    const ben = {
      userId: 'sup.ben',
      name: 'Ben Sutter',
      roles: ['production_supervisor' as const],
      sites: ['plant-a'],
    };

    const result = await first.decide.decide(ben, action.actionId, approval());

    expect(result.record.state).toBe('approved');
    expect((await first.actions.get(action.actionId))?.published).toBe(false);
    expect(await first.publisher.flush()).toBe(0);
    await brokenBus.close();
    await firstStore.close();

    const bus = new InProcessEventBus({ logger: log });
    await bus.ensureTopics([{ name: Topics.ActionsDecided, partitions: 3 }]);
    const received: Decision[] = [];
    await bus.subscribe({
      groupId: 'reader',
      topics: [Topics.ActionsDecided],
      handler: async (v) => void received.push(Decision.decode(v)),
    });
    const store = SqliteDocumentStore.open(file);
    const restarted = await core(bus, store);

    expect(await restarted.publisher.flush()).toBe(1);
    expect(await restarted.publisher.flush()).toBe(0);
    const decision = await waitFor(() => received.find((d) => d.actionId === action.actionId), {
      description: 'republished decision',
    });
    expect(decision.decisionId).toBe(result.decision?.decisionId);
    expect((await restarted.actions.get(action.actionId))?.published).toBe(true);
    await bus.close();
    await store.close();
  });
});
