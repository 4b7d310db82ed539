import { randomUUID, type KeyObject } from 'node:crypto';
import { hostname } from 'node:os';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import {
  ServiceKitModule,
  servicePortProviders,
  userAuthProvider,
  type UserAuthConfig,
  clockOf,
  storeRepository,
} from '@andon/service-kit';
import type { WritebackSettings } from './config/writeback.config';
import { WRITEBACK_TOPICS, WritebackConsumer } from './consume/writeback.consumer';
import { DecisionExecutor } from './execute/decision-executor';
import { ExecutionPublisher } from './execute/execution-publisher';
import { ExecutionRunner } from './execute/execution-runner';
import { ExecutionRepository } from './execute/execution.repository';
import { ParkedDecisionRepository } from './execute/parked-decision.repository';
import { WritebackMetrics } from './execute/writeback-metrics';
import { WritebackController } from './http/writeback.controller';
import { ActionRepository } from './intake/action.repository';
import { ProposalIntake } from './intake/proposal-intake.service';
import type { MesPort } from './mes/mes.port';
import { Reconciler } from './reconcile/reconciler';
import { APPROVAL_PUBLIC_KEYS, MES_PORT, WRITEBACK_CONFIG, WRITEBACK_OWNER } from './writeback.tokens';

export interface MesWritebackModuleOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: WritebackSettings & UserAuthConfig;
  /** keyId -> the approval service's Ed25519 public key */
  publicKeys: ReadonlyMap<string, KeyObject>;
  mes: MesPort;
  /** tests move time; everything else uses the system clock */
  now?: () => Date;
  /** identifies this instance on the execution rows it holds; default host-pid-random */
  owner?: string;
}

export { WRITEBACK_TOPICS };

/** The repositories open their collections (and indexes) before any use case gets them. */
const repositories: Provider[] = [
  storeRepository(ActionRepository),
  storeRepository(ExecutionRepository),
  storeRepository(ParkedDecisionRepository),
];

/**
 * The MES write-back adapter as a Nest module: the consumer of proposed and decided
 * actions, the outbox reconciler (a kit sweep) and a small operations API. It receives its
 * ports as instances so services/standalone can compose it in one process; every use case
 * is built by Nest's injector from its constructor.
 */
@Module({})
export class MesWritebackModule {
  static forRoot(options: MesWritebackModuleOptions): DynamicModule {
    return {
      module: MesWritebackModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [WritebackController],
      providers: [
        ...servicePortProviders({
          store: options.store,
          log: options.log,
          metrics: options.metrics,
          component: 'mes-writeback',
          clock: options.now ? clockOf(options.now) : undefined,
        }),
        userAuthProvider(options.config),
        { provide: WRITEBACK_CONFIG, useValue: options.config },
        { provide: MES_PORT, useValue: options.mes },
        { provide: APPROVAL_PUBLIC_KEYS, useValue: options.publicKeys },
        {
          provide: WRITEBACK_OWNER,
          useValue: options.owner ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        },
        ...repositories,
        WritebackMetrics,
        ExecutionPublisher,
        ExecutionRunner,
        DecisionExecutor,
        ProposalIntake,
        Reconciler,
        WritebackConsumer,
      ],
    };
  }
}
