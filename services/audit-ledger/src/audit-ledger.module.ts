import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import { ServiceKitModule, UserAuthenticator, USER_SCHEME, authenticatorToken } from '@andon/service-kit';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { LedgerConfig } from './config/ledger.config';
import { LedgerPublishing } from './anchor/ledger-publishing.service';
import { GovernedTopicsConsumer, LEDGER_TOPICS } from './consume/governed-topics.consumer';
import { LedgerGrpcServer } from './grpc/ledger-grpc.server';
import { LedgerAccess } from './http/ledger-access';
import { LedgerController } from './http/ledger.controller';
import { createLedgerCore, type LedgerCoreConfig } from './ledger-core';
import { LEDGER_ACCESS, LEDGER_CORE, LEDGER_SETTINGS } from './ledger.tokens';
import { RoiController } from './roi/roi.controller';
import { ROI_BASELINE, loadRoiBaseline } from './roi/roi-report';

/** The config keys the module reads; a full LedgerConfig satisfies it. */
export type AuditLedgerModuleConfig = LedgerCoreConfig &
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

function authenticatorFor(config: AuditLedgerModuleConfig): UserAuthenticator {
  return new UserAuthenticator({
    hs256Secret: config.JWT_HS256_SECRET,
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}

/**
 * The audit ledger as a Nest module: the governed-topics consumer, REST under
 * /api/ledger and gRPC LedgerService. It receives its ports as instances so
 * services/standalone can compose it in one process.
 */
@Module({})
export class AuditLedgerModule {
  static forRoot(options: AuditLedgerModuleOptions): DynamicModule {
    const access = new LedgerAccess(authenticatorFor(options.config));
    return {
      module: AuditLedgerModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [LedgerController, RoiController],
      providers: [
        { provide: LEDGER_SETTINGS, useValue: options.config },
        { provide: LEDGER_ACCESS, useValue: access },
        { provide: authenticatorToken(USER_SCHEME), useValue: access.authenticator },
        { provide: ROI_BASELINE, useFactory: () => loadRoiBaseline(options.config.ROI_BASELINE_FILE) },
        {
          provide: LEDGER_CORE,
          useFactory: () =>
            createLedgerCore({
              store: options.store,
              bus: options.bus,
              log: options.log,
              metrics: options.metrics,
              config: options.config,
              ...(options.now ? { now: options.now } : {}),
            }),
        },
        LedgerGrpcServer,
        GovernedTopicsConsumer,
        LedgerPublishing,
      ],
      exports: [LEDGER_CORE, AUDIT_LEDGER_GRPC],
    };
  }
}
