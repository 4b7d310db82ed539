import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessEventBus } from '@andon/bus';
import { Decision, Topics, locationKey } from '@andon/contracts';
import { generateSigningKeyPair } from '@andon/governance/policy';
import { createLogger, Metrics } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { APPROVAL_TOPICS } from '../approval.module';
import { ActionRepository } from '../domain/action.repository';
import { DecideService } from '../decide/decide.service';
import { IntakeService } from '../intake/intake.service';
import { startApprovalContext } from '../testing/approval-context';
import { ManualClock, testUserDirectory } from '../testing/approval-harness';
import { encodeProposal, proposal } from '../testing/proposals';
import { approval } from '../testing/signing-helpers';
import { DecisionPublisher } from './decision-publisher';

// The first bus goes away after the service started, so every publish fails the way an
// unreachable broker would. The decision must survive in the store and go out, once, when
// a restarted service (the module built again on the same database) flushes its outbox.
describe('decision outbox', () => {
  const log = createLogger('approval-test', 'silent');
  const dir = mkdtempSync(join(tmpdir(), 'approval-outbox-'));
  const file = join(dir, 'approval.sqlite');
  const signingKey = generateSigningKeyPair();
  const clock = new ManualClock(new Date());

  const service = async (bus: InProcessEventBus, store: SqliteDocumentStore) =>
    startApprovalContext({
      bus,
      store,
      log,
      metrics: new Metrics({}, false),
      signingKey,
      users: await testUserDirectory(),
      clock,
    });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a decision whose publish failed and publishes it exactly once after a restart', async () => {
    const action = proposal('post_shift_log', clock.now());
    const lostBus = new InProcessEventBus({ logger: log });
    await lostBus.ensureTopics(APPROVAL_TOPICS);
    const firstStore = SqliteDocumentStore.open(file);
    const first = await service(lostBus, firstStore);
    await first.get(IntakeService).handle(encodeProposal(action), log);
    await lostBus.close();
    const ben = {
      userId: 'sup.ben',
      name: 'Ben Sutter',
      roles: ['production_supervisor' as const],
      sites: ['plant-a'],
    };

    const result = await first.get(DecideService).decide(ben, action.actionId, approval());

    expect(result.record.state).toBe('approved');
    expect((await first.get(ActionRepository).get(action.actionId))?.published).toBe(false);
    expect(await first.get(DecisionPublisher).flush()).toBe(0);
    await first.close();
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
    // Starting the module flushes the outbox before the first proposal is consumed.
    const restarted = await service(bus, store);

    const decision = await waitFor(() => received.find((d) => d.actionId === action.actionId), {
      description: 'republished decision',
    });
    expect(decision.decisionId).toBe(result.decision?.decisionId);
    expect((await restarted.get(ActionRepository).get(action.actionId))?.published).toBe(true);
    expect(await restarted.get(DecisionPublisher).flush()).toBe(0);
    // A sentinel on the decision's key lands behind any second copy in the same partition.
    const location = decision.location ?? { enterprise: '', site: '', area: '', line: '', cell: '' };
    await bus.publish([
      {
        topic: Topics.ActionsDecided,
        key: locationKey(location),
        value: Decision.encode(Decision.fromPartial({ actionId: 'sentinel', location })).finish(),
      },
    ]);
    await waitFor(() => received.some((d) => d.actionId === 'sentinel'), { description: 'sentinel read' });
    expect(received.filter((d) => d.actionId === action.actionId)).toHaveLength(1);
    await restarted.close();
    await bus.close();
    await store.close();
  });
});
