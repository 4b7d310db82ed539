import { ServiceKitModule, userAuthProvider, type UserAuthConfig } from '@andon/service-kit';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import type { EventBus } from '@andon/bus';
import { TOPIC_SPECS, Topics } from '@andon/contracts';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { WritebackConsumer } from './consume/writeback.consumer';
import { WritebackController } from './http/writeback.controller';
import type { MesPort } from './mes/mes.port';
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

/** The topics this service reads and writes, created if missing. */
export const WRITEBACK_TOPICS = [Topics.ActionsProposed, Topics.ActionsDecided, Topics.ActionsExecuted, Topics.DeadLetters].map((name) => ({
  name,
  partitions: TOPIC_SPECS[name].partitions,
}));

const WRITEBACK_OPTIONS = Symbol('andon:writeback-options');
const WRITEBACK_CONSUMER = Symbol('andon:writeback-consumer');

class WritebackLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(WRITEBACK_CORE) private readonly core: WritebackCore,
    @Inject(WRITEBACK_CONSUMER) private readonly consumer: WritebackConsumer,
    @Inject(WRITEBACK_OPTIONS) private readonly options: MesWritebackModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.options.bus.ensureTopics(WRITEBACK_TOPICS);
    // What a crash left in `calling` is settled before any new decision is taken.
    await this.core.reconciler.onStartup();
    await this.consumer.start();
    this.core.reconciler.start(this.options.config.WRITEBACK_SWEEP_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.core.reconciler.stop();
  }
}

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
      imports: [ServiceKitModule],
      controllers: [WritebackController],
      providers: [
        userAuthProvider(options.config),
        { provide: WRITEBACK_OPTIONS, useValue: options },
        { provide: WRITEBACK_CORE, useFactory: () => createWritebackCore(options) },
        {
          provide: WRITEBACK_CONSUMER,
          useFactory: (core: WritebackCore) => new WritebackConsumer(options.bus, core),
          inject: [WRITEBACK_CORE],
        },
        WritebackLifecycle,
      ],
      exports: [WRITEBACK_CORE],
    };
  }
}
