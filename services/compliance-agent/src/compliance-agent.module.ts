import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { ComplianceAgentRuntime, type ComplianceAgentDeps } from './compliance-agent-runtime';

export interface ComplianceAgentModuleOptions extends ComplianceAgentDeps {
  /** Join the consumer group on bootstrap. Default true. */
  consume?: boolean;
}

const OPTIONS = Symbol('ComplianceAgentModuleOptions');

class ComplianceAgentLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ComplianceAgentRuntime) private readonly runtime: ComplianceAgentRuntime,
    @Inject(OPTIONS) private readonly options: ComplianceAgentModuleOptions,
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
 * The compliance agent as a Nest module over injected ports, so services/standalone can
 * compose it on embedded adapters and main.ts on the configured ones. The bus and store
 * belong to the caller: the module never closes them.
 */
@Module({})
export class ComplianceAgentModule {
  static forRoot(options: ComplianceAgentModuleOptions): DynamicModule {
    return {
      module: ComplianceAgentModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: ComplianceAgentRuntime, useFactory: () => ComplianceAgentRuntime.create(options) },
        ComplianceAgentLifecycle,
      ],
      exports: [ComplianceAgentRuntime],
    };
  }
}
