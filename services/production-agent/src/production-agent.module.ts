import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { ProductionAgentRuntime, type ProductionAgentDeps } from './production-agent-runtime';
import { ServiceKitModule, userAuthProvider } from '@andon/service-kit';
import { REPORT_SITES, ReportsController } from './reports/reports.controller';
import { PlantViewsController, PLANT_VIEWS } from './reports/plant-views.controller';
import { ReportSummaryService } from './reports/report-summary.service';

export interface ProductionAgentModuleOptions extends ProductionAgentDeps {
  /** Join the consumer groups on bootstrap. Default true. */
  consume?: boolean;
}

const OPTIONS = Symbol('ProductionAgentModuleOptions');

class ProductionAgentLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ProductionAgentRuntime) private readonly runtime: ProductionAgentRuntime,
    @Inject(OPTIONS) private readonly options: ProductionAgentModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consume !== false) await this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}

/**
 * The production agent as a Nest module over injected ports (bus and store belong to the
 * caller), with the console's read API at GET /api/reports/summary.
 */
@Module({})
export class ProductionAgentModule {
  static forRoot(options: ProductionAgentModuleOptions): DynamicModule {
    return {
      module: ProductionAgentModule,
      imports: [ServiceKitModule],
      controllers: [ReportsController, PlantViewsController],
      providers: [
        userAuthProvider(options.config),
        { provide: OPTIONS, useValue: options },
        { provide: ProductionAgentRuntime, useFactory: () => ProductionAgentRuntime.create(options) },
        { provide: ReportSummaryService, useFactory: (r: ProductionAgentRuntime) => r.reports, inject: [ProductionAgentRuntime] },
        { provide: REPORT_SITES, useFactory: (r: ProductionAgentRuntime) => () => r.configuredSites(), inject: [ProductionAgentRuntime] },
        { provide: PLANT_VIEWS, useFactory: (r: ProductionAgentRuntime) => r.views, inject: [ProductionAgentRuntime] },
        ProductionAgentLifecycle,
      ],
      exports: [ProductionAgentRuntime],
    };
  }
}
