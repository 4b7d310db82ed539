import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { MaintenanceAgentRuntime, type MaintenanceAgentDeps } from './maintenance-agent-runtime';

export interface MaintenanceAgentModuleOptions extends MaintenanceAgentDeps {
  /** Join the consumer group on bootstrap. Default true. */
  consume?: boolean;
}

const OPTIONS = Symbol('MaintenanceAgentModuleOptions');

class MaintenanceAgentLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(MaintenanceAgentRuntime) private readonly runtime: MaintenanceAgentRuntime,
    @Inject(OPTIONS) private readonly options: MaintenanceAgentModuleOptions,
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
 * The maintenance agent as a Nest module over injected ports, so services/standalone can
 * compose it on embedded adapters and main.ts on the configured ones. The bus and store
 * belong to the caller: the module never closes them.
 */
@Module({})
export class MaintenanceAgentModule {
  static forRoot(options: MaintenanceAgentModuleOptions): DynamicModule {
    return {
      module: MaintenanceAgentModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: MaintenanceAgentRuntime, useFactory: () => MaintenanceAgentRuntime.create(options) },
        MaintenanceAgentLifecycle,
      ],
      exports: [MaintenanceAgentRuntime],
    };
  }
}
