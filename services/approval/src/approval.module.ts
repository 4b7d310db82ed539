import { resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import { loadPolicies, type SigningKeyPair } from '@andon/governance/policy';
import { type UserDirectory } from '@andon/governance/auth';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { createApprovalCore, type ApprovalCore } from './approval-core';
import { APPROVAL_CORE, APPROVAL_SETTINGS } from './approval.tokens';
import { ServiceKitModule, authenticatorToken, USER_SCHEME } from '@andon/service-kit';
import type { ApprovalConfig } from './config/approval.config';
import type { Clock } from './domain/clock';
import { ApprovalGrpcServer } from './grpc/approval-grpc.server';
import { ActionsController } from './http/actions.controller';
import { ShiftAcknowledgementsController } from './http/shift-acknowledgements.controller';
import { AuthController } from './http/auth.controller';
import { PolicyController } from './http/policy.controller';
import { ExecutionConsumer } from './executed/execution.consumer';
import { APPROVAL_TOPICS, IntakeConsumer } from './intake/intake.consumer';
import { ExpirySweeper } from './expire/expiry-sweeper';

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

/** The gRPC server provider (its class is the token). */
export const APPROVAL_GRPC = ApprovalGrpcServer;
export { APPROVAL_TOPICS };

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
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [AuthController, ActionsController, PolicyController, ShiftAcknowledgementsController],
      providers: [
        { provide: APPROVAL_SETTINGS, useValue: config },
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
              expirySweepMs: config.EXPIRY_SWEEP_MS,
            }),
        },
        ApprovalGrpcServer,
        IntakeConsumer,
        ExecutionConsumer,
        // Its sweep runs on the kit's schedule.
        { provide: ExpirySweeper, useFactory: (core: ApprovalCore) => core.sweeper, inject: [APPROVAL_CORE] },
        {
          provide: authenticatorToken(USER_SCHEME),
          useFactory: (core: ApprovalCore) => core.auth.tokens,
          inject: [APPROVAL_CORE],
        },
      ],
      exports: [APPROVAL_CORE, APPROVAL_GRPC],
    };
  }
}
