import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { KeyObject } from 'node:crypto';
import type { EventBus } from '@andon/bus';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { WritebackConfig } from './config/writeback.config';
import { DecisionExecutor } from './execute/decision-executor';
import { ExecutionPublisher } from './execute/execution-publisher';
import { ExecutionRepository } from './execute/execution.repository';
import { ExecutionRunner } from './execute/execution-runner';
import { ParkedDecisionRepository } from './execute/parked-decision.repository';
import { WritebackMetrics } from './execute/writeback-metrics';
import { ActionRepository } from './intake/action.repository';
import { ProposalIntake } from './intake/proposal-intake.service';
import type { MesPort } from './mes/mes.port';
import { Reconciler } from './reconcile/reconciler';

/** The config keys the core reads; a full WritebackConfig satisfies it. */
export type WritebackCoreConfig = Pick<
  WritebackConfig,
  | 'WRITEBACK_ACCEPTED_POLICY_VERSIONS'
  | 'WRITEBACK_DRY_RUN'
  | 'WRITEBACK_LEASE_MS'
  | 'WRITEBACK_SWEEP_MS'
  | 'CONSUMER_GROUP'
>;

export interface WritebackCoreOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: WritebackCoreConfig;
  /** keyId -> the approval service's Ed25519 public key */
  publicKeys: ReadonlyMap<string, KeyObject>;
  mes: MesPort;
  /** tests move time; everything else uses the system clock */
  now?: () => Date;
  /** identifies this instance on the execution rows it holds; default host-pid-random */
  owner?: string;
}

export interface WritebackCore {
  intake: ProposalIntake;
  executor: DecisionExecutor;
  reconciler: Reconciler;
  executions: ExecutionRepository;
  actions: ActionRepository;
  mes: MesPort;
  log: Logger;
  config: WritebackCoreConfig;
}

/** Wires the write-back use cases on the given ports; no Nest, so tests and standalone share it. */
export async function createWritebackCore(options: WritebackCoreOptions): Promise<WritebackCore> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const owner = options.owner ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = options.log.child({ component: 'mes-writeback' });
  const metrics = new WritebackMetrics(options.metrics);
  const [actions, executions, parked] = await Promise.all([
    ActionRepository.open(options.store),
    ExecutionRepository.open(options.store),
    ParkedDecisionRepository.open(options.store),
  ]);
  const publisher = new ExecutionPublisher(options.bus);
  const runner = new ExecutionRunner({ executions, mes: options.mes, publisher, metrics, log, now });
  const executor = new DecisionExecutor({
    actions,
    executions,
    parked,
    runner,
    mes: options.mes,
    publisher,
    metrics,
    gate: {
      publicKeys: options.publicKeys,
      acceptedPolicyVersions: config.WRITEBACK_ACCEPTED_POLICY_VERSIONS,
    },
    log,
    now,
    owner,
    leaseMs: config.WRITEBACK_LEASE_MS,
    dryRun: config.WRITEBACK_DRY_RUN,
  });
  const intake = new ProposalIntake(actions, executor, now);
  const reconciler = new Reconciler({
    executions,
    runner,
    executor,
    metrics,
    log,
    now,
    owner,
    leaseMs: config.WRITEBACK_LEASE_MS,
    sweepMs: config.WRITEBACK_SWEEP_MS,
  });
  return { intake, executor, reconciler, executions, actions, mes: options.mes, log, config };
}
