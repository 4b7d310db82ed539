import { ServiceKitModule, userAuthProvider, type UserAuthConfig } from '@andon/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { BusModule, type EventBus } from '@andon/bus';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { WRITEBACK_TOPICS, WritebackConsumer } from './consume/writeback.consumer';
import { WritebackController } from './http/writeback.controller';
import type { MesPort } from './mes/mes.port';
import { Reconciler } from './reconcile/reconciler';
import { createWritebackCore, type WritebackCore, type WritebackCoreConfig } from './writeback-core';
import { WRITEBACK_CORE } from './writeback.tokens';

export interface MesWritebackModuleOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: WritebackCoreConfig & UserAuthConfig;
  publicKeys: ReadonlyMap<string, KeyObject>;
  mes: MesPort;
  now?: () => Date;
}

export { WRITEBACK_TOPICS };

/**
 * The MES write-back adapter as a Nest module: the consumer of proposed and decided
 * actions, the outbox reconciler and a small operations API. It receives its ports as
 * instances so services/standalone can compose it in one process.
 */
@Module({})
export class MesWritebackModule {
  static forRoot(options: MesWritebackModuleOptions): DynamicModule {
    return {
      module: MesWritebackModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [WritebackController],
      providers: [
        userAuthProvider(options.config),
        { provide: WRITEBACK_CORE, useFactory: () => createWritebackCore(options) },
        // Its sweep runs on the kit's schedule.
        {
          provide: Reconciler,
          useFactory: (core: WritebackCore) => core.reconciler,
          inject: [WRITEBACK_CORE],
        },
        WritebackConsumer,
      ],
      exports: [WRITEBACK_CORE],
    };
  }
}
