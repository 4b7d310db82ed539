import { resolve } from 'node:path';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import { loadPolicies, type SigningKeyPair } from '@andon/governance/policy';
import { type UserDirectory } from '@andon/governance/auth';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import {
  ServiceKitModule,
  USER_SCHEME,
  authenticatorToken,
  servicePortProviders,
  type Clock,
  storeRepository,
} from '@andon/service-kit';
import {
  APPROVAL_AUTH_OPTIONS,
  APPROVAL_POLICIES,
  APPROVAL_SETTINGS,
  APPROVAL_SIGNING_KEY,
  APPROVAL_USERS,
} from './approval.tokens';
import { AcknowledgeShiftService } from './acknowledge/acknowledge-shift.service';
import { AuthService, type AuthOptions } from './auth/auth.service';
import type { ApprovalConfig } from './config/approval.config';
import { DecideService } from './decide/decide.service';
import { ActionRepository } from './domain/action.repository';
import { ActionSettler } from './domain/action-settler';
import { ApprovalMetrics } from './domain/approval-metrics';
import { DecisionFactory } from './domain/decision-factory';
import { IntegrityGuard } from './domain/integrity-guard';
import { PolicyRuntime } from './domain/policy-runtime';
import { RecordSealer } from './domain/record-seal';
import { ExecutionConsumer } from './executed/execution.consumer';
import { ExecutionService } from './executed/execution.service';
import { ExpirySweeper } from './expire/expiry-sweeper';
import { GetActionService } from './get/get-action.service';
import { ApprovalGrpcServer } from './grpc/approval-grpc.server';
import { ActionsController } from './http/actions.controller';
import { AuthController } from './http/auth.controller';
import { PolicyController } from './http/policy.controller';
import { ShiftAcknowledgementsController } from './http/shift-acknowledgements.controller';
import { APPROVAL_TOPICS, IntakeConsumer } from './intake/intake.consumer';
import { IntakeService } from './intake/intake.service';
import { ListActionsService } from './list/list-actions.service';
import { DecisionPublisher } from './publish/decision-publisher';
import { ShadowReportService } from './shadow/shadow-report.service';

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
 * The use cases and the domain services they share, each built by Nest's injector from
 * its constructor. Controllers, consumers and the gRPC server inject only what they call.
 */
const APPROVAL_USE_CASES = [
  PolicyRuntime,
  RecordSealer,
  IntegrityGuard,
  DecisionFactory,
  ApprovalMetrics,
  DecisionPublisher,
  ActionSettler,
  AuthService,
  IntakeService,
  DecideService,
  AcknowledgeShiftService,
  ExpirySweeper,
  ExecutionService,
  ListActionsService,
  GetActionService,
  ShadowReportService,
] as const;

function authOptionsOf(config: ApprovalModuleConfig): AuthOptions {
  return {
    hs256Secret: config.JWT_HS256_SECRET,
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    loginTokenTtl: config.LOGIN_TOKEN_TTL,
  };
}

/**
 * The approval service as a Nest module: REST under /api, gRPC ApprovalService, the
 * proposed-action and execution consumers, the expiry sweep and the decision outbox. It
 * receives its ports (bus, store) as instances so services/standalone can compose it in
 * one process.
 */
@Module({})
export class ApprovalModule {
  static forRoot(options: ApprovalModuleOptions): DynamicModule {
    const { config } = options;
    const providers: Provider[] = [
      ...servicePortProviders({
        store: options.store,
        log: options.log,
        metrics: options.metrics,
        component: 'approval',
        clock: options.clock,
      }),
      { provide: APPROVAL_SETTINGS, useValue: config },
      { provide: APPROVAL_POLICIES, useFactory: () => loadPolicies(resolve(config.POLICY_DIR)) },
      { provide: APPROVAL_SIGNING_KEY, useValue: options.signingKey },
      { provide: APPROVAL_USERS, useValue: options.users },
      { provide: APPROVAL_AUTH_OPTIONS, useValue: authOptionsOf(config) },
      storeRepository(ActionRepository),
      ...APPROVAL_USE_CASES,
      // The kit's guard verifies people's tokens with the same authenticator sign-in issues for.
      {
        provide: authenticatorToken(USER_SCHEME),
        useFactory: (auth: AuthService) => auth.tokens,
        inject: [AuthService],
      },
      ApprovalGrpcServer,
      IntakeConsumer,
      ExecutionConsumer,
    ];
    return {
      module: ApprovalModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [AuthController, ActionsController, PolicyController, ShiftAcknowledgementsController],
      providers,
      exports: [APPROVAL_GRPC],
    };
  }
}
