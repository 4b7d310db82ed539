import { resolve } from 'node:path';
import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EventBus } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import { loadPolicies, type SigningKeyPair, type UserDirectory } from '@andon/governance';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { createApprovalCore, type ApprovalCore } from './approval-core';
import { APPROVAL_CORE } from './approval.tokens';
import { ServiceKitModule, authenticatorToken, USER_SCHEME } from '@andon/service-kit';
import type { ApprovalConfig } from './config/approval.config';
import type { Clock } from './domain/clock';
import { ApprovalGrpcServer } from './grpc/approval-grpc.server';
import { ActionsController } from './http/actions.controller';
import { ShiftAcknowledgementsController } from './http/shift-acknowledgements.controller';
import { AuthController } from './http/auth.controller';
import { PolicyController } from './http/policy.controller';
import { ExecutionConsumer } from './executed/execution.consumer';
import { IntakeConsumer } from './intake/intake.consumer';

/** The config keys the module reads; a full ApprovalConfig satisfies it. */
export type ApprovalModuleConfig = Pick<
  ApprovalConfig,
  | 'GRPC_PORT'
  | 'GRPC_ENABLED'
  | 'JWT_HS256_SECRET'
  | 'JWKS_URL'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
  | 'LOGIN_TOKEN_TTL'
  | 'POLICY_DIR'
  | 'EXPIRY_SWEEP_MS'
  | 'CONSUMER_GROUP'
>;

export interface ApprovalModuleOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: ApprovalModuleConfig;
  signingKey: SigningKeyPair;
  users: UserDirectory;
  /** tests move time; everything else uses the system clock */
  clock?: Clock;
}

export const APPROVAL_GRPC = Symbol('APPROVAL_GRPC');
const APPROVAL_OPTIONS = Symbol('APPROVAL_OPTIONS');
const APPROVAL_CONSUMER = Symbol('APPROVAL_CONSUMER');
const APPROVAL_EXECUTION_CONSUMER = Symbol('APPROVAL_EXECUTION_CONSUMER');

/** The topics this service reads and writes, created if missing. */
export const APPROVAL_TOPICS = [
  Topics.ActionsProposed,
  Topics.ActionsDecided,
  Topics.ActionsExecuted,
  Topics.ShiftAcknowledged,
  Topics.DeadLetters,
].map((name) => ({
  name,
  partitions: TOPIC_SPECS[name].partitions,
}));

class ApprovalLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APPROVAL_CORE) private readonly core: ApprovalCore,
    @Inject(APPROVAL_GRPC) private readonly grpc: ApprovalGrpcServer,
    @Inject(APPROVAL_CONSUMER) private readonly consumer: IntakeConsumer,
    @Inject(APPROVAL_EXECUTION_CONSUMER) private readonly executions: ExecutionConsumer,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.options.bus.ensureTopics(APPROVAL_TOPICS);
    // Decisions a previous run stored but did not get onto the bus go out first.
    await this.core.publisher.flush();
    await this.core.settler.refreshPending();
    await this.consumer.start();
    await this.executions.start();
    this.core.sweeper.start(this.options.config.EXPIRY_SWEEP_MS);
    if (this.options.config.GRPC_ENABLED) await this.grpc.start(this.options.config.GRPC_PORT);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.grpc.stop();
    await this.consumer.stop();
    await this.executions.stop();
    await this.core.sweeper.stop();
  }
}

/**
 * The approval service as a Nest module: REST under /api, gRPC ApprovalService, the
 * proposed-action consumer, the expiry sweep and the decision outbox. It receives its
 * ports (bus, store) as instances so services/standalone can compose it in one process.
 */
@Module({})
export class ApprovalModule {
  static forRoot(options: ApprovalModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: ApprovalModule,
      imports: [ServiceKitModule],
      controllers: [AuthController, ActionsController, PolicyController, ShiftAcknowledgementsController],
      providers: [
        { provide: APPROVAL_OPTIONS, useValue: options },
        {
          provide: APPROVAL_CORE,
          useFactory: () =>
            createApprovalCore({
              bus: options.bus,
              store: options.store,
              log: options.log,
              metrics: options.metrics,
              policies: loadPolicies(resolve(config.POLICY_DIR)),
              signingKey: options.signingKey,
              users: options.users,
              auth: {
                hs256Secret: config.JWT_HS256_SECRET,
                jwksUrl: config.JWKS_URL,
                issuer: config.JWT_ISSUER,
                audience: config.JWT_AUDIENCE,
                loginTokenTtl: config.LOGIN_TOKEN_TTL,
              },
              ...(options.clock ? { clock: options.clock } : {}),
            }),
        },
        {
          provide: APPROVAL_GRPC,
          useFactory: (core: ApprovalCore) => new ApprovalGrpcServer(core),
          inject: [APPROVAL_CORE],
        },
        {
          provide: APPROVAL_CONSUMER,
          useFactory: (core: ApprovalCore) =>
            new IntakeConsumer(options.bus, core.intake, config.CONSUMER_GROUP),
          inject: [APPROVAL_CORE],
        },
        {
          provide: APPROVAL_EXECUTION_CONSUMER,
          useFactory: (core: ApprovalCore) =>
            new ExecutionConsumer(options.bus, core.executions, `${config.CONSUMER_GROUP}-executed`),
          inject: [APPROVAL_CORE],
        },
        { provide: authenticatorToken(USER_SCHEME), useFactory: (core: ApprovalCore) => core.auth.tokens, inject: [APPROVAL_CORE] },
        ApprovalLifecycle,
      ],
      exports: [APPROVAL_CORE, APPROVAL_GRPC],
    };
  }
}
