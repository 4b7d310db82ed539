import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { QualityAgentRuntime, type QualityAgentDeps } from './quality-agent-runtime';

export interface QualityAgentModuleOptions extends QualityAgentDeps {
  /** Join the consumer group on bootstrap. Default true. */
  consume?: boolean;
}

const OPTIONS = Symbol('QualityAgentModuleOptions');

class QualityAgentLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(QualityAgentRuntime) private readonly runtime: QualityAgentRuntime,
    @Inject(OPTIONS) private readonly options: QualityAgentModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consume !== false) await this.runtime.start();
  }

  // Before shutdown: the subscription must commit and leave while the bus is still open.
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}

/**
 * The quality agent as a Nest module over injected ports, so services/standalone can
 * compose it on embedded adapters and main.ts on the configured ones. The bus and store
 * belong to the caller: the module never closes them.
 */
@Module({})
export class QualityAgentModule {
  static forRoot(options: QualityAgentModuleOptions): DynamicModule {
    return {
      module: QualityAgentModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: QualityAgentRuntime, useFactory: () => QualityAgentRuntime.create(options) },
        QualityAgentLifecycle,
      ],
      exports: [QualityAgentRuntime],
    };
  }
}
