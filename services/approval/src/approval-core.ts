import type { EventBus } from '@andon/bus';
import type { DocumentStore } from '@andon/persistence';
import type { LoadedPolicies, SigningKeyPair } from '@andon/governance/policy';
import type { UserDirectory } from '@andon/governance/auth';
import type { Logger, Metrics } from '@andon/observability';
import { AcknowledgeShiftService } from './acknowledge/acknowledge-shift.service';
import { AuthService, type AuthOptions } from './auth/auth.service';
import { DecideService } from './decide/decide.service';
import { ActionRepository } from './domain/action.repository';
import { ActionSettler } from './domain/action-settler';
import { ApprovalMetrics } from './domain/approval-metrics';
import { systemClock, type Clock } from './domain/clock';
import { DecisionFactory } from './domain/decision-factory';
import { IntegrityGuard } from './domain/integrity-guard';
import { RecordSealer } from './domain/record-seal';
import { PolicyRuntime } from './domain/policy-runtime';
import { ExpirySweeper } from './expire/expiry-sweeper';
import { ExecutionService } from './executed/execution.service';
import { GetActionService } from './get/get-action.service';
import { IntakeService } from './intake/intake.service';
import { ListActionsService } from './list/list-actions.service';
import { DecisionPublisher } from './publish/decision-publisher';
import { ShadowReportService } from './shadow/shadow-report.service';

export interface ApprovalCoreDeps {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  policies: LoadedPolicies;
  signingKey: SigningKeyPair;
  users: UserDirectory;
  auth: AuthOptions;
  clock?: Clock;
  /** EXPIRY_SWEEP_MS */
  expirySweepMs?: number;
}

/** The use cases, wired without Nest: the module, the gRPC server and the tests share it. */
export interface ApprovalCore {
  readonly actions: ActionRepository;
  readonly policy: PolicyRuntime;
  readonly settler: ActionSettler;
  readonly publisher: DecisionPublisher;
  readonly intake: IntakeService;
  readonly decide: DecideService;
  /** the incoming supervisor's e-signed acknowledgement of a shift change (not an action) */
  readonly acknowledge: AcknowledgeShiftService;
  readonly sweeper: ExpirySweeper;
  readonly executions: ExecutionService;
  readonly list: ListActionsService;
  readonly get: GetActionService;
  readonly shadow: ShadowReportService;
  readonly auth: AuthService;
  readonly signingKey: SigningKeyPair;
  readonly clock: Clock;
  readonly log: Logger;
}

export async function createApprovalCore(deps: ApprovalCoreDeps): Promise<ApprovalCore> {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ component: 'approval' });
  const actions = await ActionRepository.open(deps.store);
  const metrics = new ApprovalMetrics(deps.metrics);
  const policy = new PolicyRuntime(deps.policies);
  const publisher = new DecisionPublisher(deps.bus, actions, metrics, log);
  const integrity = new IntegrityGuard(new RecordSealer(deps.signingKey.privateKey), metrics, log);
  const settler = new ActionSettler(
    actions,
    policy,
    new DecisionFactory(deps.signingKey),
    publisher,
    metrics,
    clock,
    log,
    integrity,
  );
  const auth = new AuthService(deps.auth, deps.users);
  return {
    actions,
    policy,
    settler,
    publisher,
    intake: new IntakeService(actions, settler, metrics, clock),
    decide: new DecideService(actions, settler, deps.users, metrics, clock, auth),
    acknowledge: new AcknowledgeShiftService(deps.bus, deps.users, auth, deps.signingKey, clock, log),
    sweeper: new ExpirySweeper(
      actions,
      settler,
      publisher,
      clock,
      log,
      deps.expirySweepMs === undefined ? {} : { everyMs: deps.expirySweepMs },
    ),
    executions: new ExecutionService(actions),
    list: new ListActionsService(actions, policy, clock),
    get: new GetActionService(actions, policy, clock),
    shadow: new ShadowReportService(actions, policy),
    auth,
    signingKey: deps.signingKey,
    clock,
    log,
  };
}
