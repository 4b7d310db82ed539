import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Clock } from '@andon/service-kit';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { InProcessEventBus, type EventBus, type Subscription } from '@andon/bus';
import { Decision, Topics, locationKey, type ProposedAction } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import {
  InMemoryUserDirectory,
  hashPassword,
  type DirectoryUser,
  type Principal,
} from '@andon/governance/auth';
import { generateSigningKeyPair, type SigningKeyPair } from '@andon/governance/policy';
import { createLogger, Metrics, type Logger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { parse } from 'yaml';
import { AcknowledgeShiftService } from '../acknowledge/acknowledge-shift.service';
import { APPROVAL_TOPICS } from '../approval.module';
import { AuthService } from '../auth/auth.service';
import { DecideService } from '../decide/decide.service';
import { ActionRepository } from '../domain/action.repository';
import { ActionSettler } from '../domain/action-settler';
import { ExecutionService } from '../executed/execution.service';
import { ExpirySweeper } from '../expire/expiry-sweeper';
import { GetActionService } from '../get/get-action.service';
import { IntakeService, type IntakeResult } from '../intake/intake.service';
import { ListActionsService } from '../list/list-actions.service';
import { DecisionPublisher } from '../publish/decision-publisher';
import { ShadowReportService } from '../shadow/shadow-report.service';
import { DEMO_USERS_FILE } from '../users/load-users';
import { startApprovalContext } from './approval-context';
import { encodeProposal } from './proposals';
import { DEMO_PASSWORD } from './test-constants';

export { POLICY_ROOT, DEMO_PASSWORD, TEST_HS256_SECRET } from './test-constants';

/** A clock tests move by hand; `tick` makes every read advance, to shake out races. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(
    start: Date,
    private readonly tickMs = 0,
  ) {
    this.ms = start.getTime();
  }
  now(): Date {
    const at = new Date(this.ms);
    this.ms += this.tickMs;
    return at;
  }
  set(at: Date): void {
    this.ms = at.getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Decisions seen on andon.actions.decided.v1, decoded, in arrival order. */
export class DecisionLog {
  readonly decisions: Decision[] = [];
  forAction(actionId: string): Decision[] {
    return this.decisions.filter((d) => d.actionId === actionId);
  }
}

/** The use cases a spec drives, taken from the running module with `get()`. */
export interface ApprovalUseCases {
  actions: ActionRepository;
  settler: ActionSettler;
  publisher: DecisionPublisher;
  intake: IntakeService;
  decide: DecideService;
  acknowledge: AcknowledgeShiftService;
  sweeper: ExpirySweeper;
  executions: ExecutionService;
  list: ListActionsService;
  getAction: GetActionService;
  shadow: ShadowReportService;
  auth: AuthService;
}

/** Resolves the use cases from a context built on ApprovalModule. */
export function approvalUseCases(app: INestApplicationContext): ApprovalUseCases {
  return {
    actions: app.get(ActionRepository),
    settler: app.get(ActionSettler),
    publisher: app.get(DecisionPublisher),
    intake: app.get(IntakeService),
    decide: app.get(DecideService),
    acknowledge: app.get(AcknowledgeShiftService),
    sweeper: app.get(ExpirySweeper),
    executions: app.get(ExecutionService),
    list: app.get(ListActionsService),
    getAction: app.get(GetActionService),
    shadow: app.get(ShadowReportService),
    auth: app.get(AuthService),
  };
}

export interface ApprovalHarness extends ApprovalUseCases {
  /** the running ApprovalModule (its consumers subscribed in `consumerGroup`) */
  app: INestApplicationContext;
  bus: EventBus;
  store: DocumentStore;
  clock: ManualClock;
  signingKey: SigningKeyPair;
  users: InMemoryUserDirectory;
  log: Logger;
  metrics: Metrics;
  decided: DecisionLog;
  /**
   * Waits until every decision already published for this site/line has been consumed:
   * a sentinel on the same key lands behind them in the same partition.
   */
  drainDecided(site: string, line: string): Promise<void>;
  /** stores a proposal as intake would, without going through the bus */
  propose(action: ProposedAction): Promise<IntakeResult>;
  principal(userId: string): Promise<Principal>;
  close(): Promise<void>;
}

/**
 * Demo users plus a second plant-a supervisor (sup.bea), so two people can race for the
 * same single-signature action. Same password as the demo users.
 */
export async function testUserDirectory(): Promise<InMemoryUserDirectory> {
  const demo = parse(readFileSync(DEMO_USERS_FILE, 'utf8')) as DirectoryUser[];
  const bea: DirectoryUser = {
    userId: 'sup.bea',
    name: 'Bea Sandoval',
    roles: ['production_supervisor'],
    sites: ['plant-a'],
    passwordHash: await hashPassword(DEMO_PASSWORD),
  };
  return InMemoryUserDirectory.fromRecords([...demo, bea]);
}

/**
 * The real ApprovalModule built by Nest over real adapters (in-process bus, SQLite in a
 * temp dir), the real policies and a manual clock. Its consumers run in `consumerGroup`;
 * the expiry sweep is left to the spec (`h.sweeper.sweep()`).
 */
export async function startApprovalHarness(
  options: { start?: Date; tickMs?: number; consumerGroup?: string } = {},
): Promise<ApprovalHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'approval-'));
  const log = createLogger('approval-test', 'silent');
  const metrics = new Metrics({ service: 'approval-test' }, false);
  const bus = new InProcessEventBus({ logger: log, metrics });
  await bus.ensureTopics(APPROVAL_TOPICS);
  const store = SqliteDocumentStore.open(join(dir, 'approval.sqlite'));
  const clock = new ManualClock(options.start ?? new Date(), options.tickMs ?? 0);
  const signingKey = generateSigningKeyPair();
  const users = await testUserDirectory();
  const app = await startApprovalContext({
    bus,
    store,
    log,
    metrics,
    signingKey,
    users,
    clock,
    config: { CONSUMER_GROUP: options.consumerGroup ?? 'approval-test' },
  });
  const useCases = approvalUseCases(app);
  const decided = new DecisionLog();
  const subscription: Subscription = await bus.subscribe({
    groupId: 'test-decided',
    topics: [Topics.ActionsDecided],
    handler: async (value) => {
      decided.decisions.push(Decision.decode(value));
    },
  });
  return {
    ...useCases,
    app,
    bus,
    store,
    clock,
    signingKey,
    users,
    log,
    metrics,
    decided,
    drainDecided: async (site, line) => {
      const sentinel = `drain-${randomUUID()}`;
      const location = { enterprise: '', site, area: '', line, cell: '' };
      await bus.publish([
        {
          topic: Topics.ActionsDecided,
          key: locationKey(location),
          value: Decision.encode(Decision.fromPartial({ actionId: sentinel, location })).finish(),
        },
      ]);
      await waitFor(() => decided.decisions.some((d) => d.actionId === sentinel), {
        timeoutMs: 10_000,
        description: 'decided topic drained',
      });
    },
    propose: (action) => useCases.intake.handle(encodeProposal(action), log),
    principal: async (userId) => {
      const user = await users.findUser(userId);
      if (!user) throw new Error(`no test user ${userId}`);
      return {
        userId: user.userId,
        name: user.name,
        roles: [...user.roles],
        sites: [...user.sites],
        ...(user.lines ? { lines: [...user.lines] } : {}),
      };
    },
    close: async () => {
      await app.close();
      await subscription.close();
      await bus.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
