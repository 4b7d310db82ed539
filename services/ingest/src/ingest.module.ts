import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { BodyErrorHook } from './http-ingest/body-error.hook';
import { HttpIngestController } from './http-ingest/http-ingest.controller';
import { ServiceKitModule, schemeProvider } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME, INGEST_SCHEME, ingestAuthenticators } from './http-ingest/ingest-auth';
import { IngestRuntime, type IngestDeps } from './ingest-runtime';
import { DlqController } from './replay/dlq.controller';
import { SiteCodesController } from './site-codes/site-codes.controller';
import { UnmappedController } from './unmapped/unmapped.controller';

export interface IngestModuleOptions extends IngestDeps {
  /** Join the raw-topic and dead-letter consumer groups on bootstrap. Default true. */
  consume?: boolean;
}

const OPTIONS = Symbol('IngestModuleOptions');

class IngestLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(IngestRuntime) private readonly runtime: IngestRuntime,
    @Inject(OPTIONS) private readonly options: IngestModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consume !== false) await this.runtime.start();
  }

  // Before shutdown, not on it: the subscriptions must commit and leave while the bus is still open.
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}

/**
 * The ingest service as a Nest module over injected ports, so services/standalone can
 * compose it on embedded adapters and main.ts on the configured ones. The bus and store
 * belong to the caller: the module never closes them.
 */
@Module({})
export class IngestModule {
  static forRoot(options: IngestModuleOptions): DynamicModule {
    const auth = ingestAuthenticators(options.config);
    return {
      module: IngestModule,
      imports: [ServiceKitModule],
      controllers: [HttpIngestController, DlqController, UnmappedController, SiteCodesController],
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: IngestRuntime, useFactory: () => IngestRuntime.create(options) },
        schemeProvider(INGEST_SCHEME, auth.events),
        schemeProvider(INGEST_ADMIN_SCHEME, auth.admin),
        BodyErrorHook,
        IngestLifecycle,
      ],
      exports: [IngestRuntime],
    };
  }
}
