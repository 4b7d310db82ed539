import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventBus } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import { ServiceKitModule, UserAuthenticator, USER_SCHEME, authenticatorToken } from '@andon/service-kit';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import type { LedgerConfig } from './config/ledger.config';
import { GovernedTopicsConsumer } from './consume/governed-topics.consumer';
import { LedgerGrpcServer } from './grpc/ledger-grpc.server';
import { LedgerAccess } from './http/ledger-access';
import { LedgerController } from './http/ledger.controller';
import { createLedgerCore, type LedgerCore, type LedgerCoreConfig } from './ledger-core';
import { LEDGER_ACCESS, LEDGER_CORE } from './ledger.tokens';
import { RoiController } from './roi/roi.controller';
import { ROI_BASELINE, loadRoiBaseline } from './roi/roi-report';
import { GOVERNED_TOPICS } from './record/governed-events';

/** The config keys the module reads; a full LedgerConfig satisfies it. */
export type AuditLedgerModuleConfig = LedgerCoreConfig &
  Pick<LedgerConfig, 'GRPC_PORT' | 'GRPC_ENABLED' | 'JWT_HS256_SECRET' | 'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'ROI_BASELINE_FILE'>;

export interface AuditLedgerModuleOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: AuditLedgerModuleConfig;
  now?: () => Date;
}

export const AUDIT_LEDGER_GRPC = Symbol('andon:audit-ledger-grpc');
const LEDGER_OPTIONS = Symbol('andon:ledger-options');
const LEDGER_CONSUMER = Symbol('andon:ledger-consumer');

export const LEDGER_TOPICS = [...GOVERNED_TOPICS, Topics.DeadLetters, Topics.LedgerEntries, Topics.LedgerCheckpoints].map((name) => ({ name, partitions: TOPIC_SPECS[name].partitions }));

function authenticatorFor(config: AuditLedgerModuleConfig): UserAuthenticator {
  return new UserAuthenticator({ hs256Secret: config.JWT_HS256_SECRET, jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
}

class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LEDGER_CONSUMER) private readonly consumer: GovernedTopicsConsumer,
    @Inject(AUDIT_LEDGER_GRPC) private readonly grpc: LedgerGrpcServer,
    @Inject(LEDGER_OPTIONS) private readonly options: AuditLedgerModuleOptions,
    @Inject(LEDGER_CORE) private readonly core: LedgerCore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.options.bus.ensureTopics(LEDGER_TOPICS);
    await this.consumer.start();
    this.core.outbox?.start(this.options.config.LEDGER_PUBLISH_INTERVAL_MS ?? 1_000);
    if (this.options.config.GRPC_ENABLED) await this.grpc.start(this.options.config.GRPC_PORT);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.grpc.stop();
    await this.consumer.stop();
    await this.core.close();
  }
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
      imports: [ServiceKitModule],
      controllers: [LedgerController, RoiController],
      providers: [
        { provide: LEDGER_OPTIONS, useValue: options },
        { provide: LEDGER_ACCESS, useValue: access },
        { provide: authenticatorToken(USER_SCHEME), useValue: access.authenticator },
        { provide: ROI_BASELINE, useFactory: () => loadRoiBaseline(options.config.ROI_BASELINE_FILE) },
        {
          provide: LEDGER_CORE,
          useFactory: () => createLedgerCore({ store: options.store, bus: options.bus, log: options.log, metrics: options.metrics, config: options.config, ...(options.now ? { now: options.now } : {}) }),
        },
        { provide: AUDIT_LEDGER_GRPC, useFactory: (core: LedgerCore) => new LedgerGrpcServer(core, access), inject: [LEDGER_CORE] },
        { provide: LEDGER_CONSUMER, useFactory: (core: LedgerCore) => new GovernedTopicsConsumer(options.bus, core), inject: [LEDGER_CORE] },
        LedgerLifecycle,
      ],
      exports: [LEDGER_CORE, AUDIT_LEDGER_GRPC],
    };
  }
}
