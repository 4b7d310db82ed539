import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import { ServiceKitModule, clockOf, servicePortProviders, userAuthProvider } from '@andon/service-kit';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { LedgerConfig, LedgerSettings } from './config/ledger.config';
import { LedgerPublishing } from './anchor/ledger-publishing.service';
import { GovernedTopicsConsumer, LEDGER_TOPICS } from './consume/governed-topics.consumer';
import { LedgerGrpcServer } from './grpc/ledger-grpc.server';
import { LedgerAccess } from './http/ledger-access';
import { LedgerController } from './http/ledger.controller';
import { ledgerChainProviders } from './ledger-chain.providers';
import { LedgerMetrics } from './ledger-metrics';
import { LEDGER_SETTINGS } from './ledger.tokens';
import { LedgerQuery } from './query/ledger-query';
import { RecordGovernedEvent } from './record/record-governed-event';
import { RoiController } from './roi/roi.controller';
import { ROI_BASELINE, loadRoiBaseline } from './roi/roi-report';
import { LedgerVerification } from './verify/ledger-verification.service';

/** The config keys the module reads; a full LedgerConfig satisfies it. */
export type AuditLedgerModuleConfig = LedgerSettings &
  Pick<
    LedgerConfig,
    | 'GRPC_PORT'
    | 'GRPC_ENABLED'
    | 'JWT_HS256_SECRET'
    | 'JWKS_URL'
    | 'JWT_ISSUER'
    | 'JWT_AUDIENCE'
    | 'ROI_BASELINE_FILE'
  >;

export interface AuditLedgerModuleOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: AuditLedgerModuleConfig;
  now?: () => Date;
}

export const AUDIT_LEDGER_GRPC = LedgerGrpcServer;
export { LEDGER_TOPICS };

/**
 * The audit ledger as a Nest module: the governed-topics consumer, REST under /api/ledger
 * and /api/roi, gRPC LedgerService and the publishing sweep. It receives its ports as
 * instances so services/standalone can compose it in one process; every use case is built by
 * Nest's injector from its constructor, and each entry point injects only what it calls.
 */
@Module({})
export class AuditLedgerModule {
  static forRoot(options: AuditLedgerModuleOptions): DynamicModule {
    return {
      module: AuditLedgerModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [LedgerController, RoiController],
      providers: [
        ...servicePortProviders({
          store: options.store,
          log: options.log,
          metrics: options.metrics,
          component: 'audit-ledger',
          clock: options.now ? clockOf(options.now) : undefined,
        }),
        userAuthProvider(options.config),
        { provide: LEDGER_SETTINGS, useValue: options.config },
        { provide: ROI_BASELINE, useFactory: () => loadRoiBaseline(options.config.ROI_BASELINE_FILE) },
        LedgerMetrics,
        ...ledgerChainProviders,
        LedgerAccess,
        LedgerQuery,
        LedgerVerification,
        RecordGovernedEvent,
        GovernedTopicsConsumer,
        LedgerPublishing,
        LedgerGrpcServer,
      ],
      exports: [AUDIT_LEDGER_GRPC],
    };
  }
}
