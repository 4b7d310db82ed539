import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { ServiceKitModule, USER_SCHEME, authenticatorToken } from '@andon/service-kit';
import { PlantQueryController } from './http/plant-query.controller';
import { PlantQueryRuntime, type PlantQueryDeps } from './plant-query-runtime';

export interface PlantQueryModuleOptions extends PlantQueryDeps {
  /** Join the consumer group on bootstrap. Default true. */
  consume?: boolean;
}

const OPTIONS = Symbol('PlantQueryModuleOptions');

class PlantQueryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(PlantQueryRuntime) private readonly runtime: PlantQueryRuntime,
    @Inject(OPTIONS) private readonly options: PlantQueryModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consume !== false) await this.runtime.start();
    await this.runtime.serve();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}

/** Plant-query as a Nest module over injected ports (bus and store belong to the caller). */
@Module({})
export class PlantQueryModule {
  static forRoot(options: PlantQueryModuleOptions): DynamicModule {
    return {
      module: PlantQueryModule,
      imports: [ServiceKitModule],
      controllers: [PlantQueryController],
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: PlantQueryRuntime, useFactory: () => PlantQueryRuntime.create(options) },
        { provide: authenticatorToken(USER_SCHEME), useFactory: (r: PlantQueryRuntime) => r.verifier, inject: [PlantQueryRuntime] },
        PlantQueryLifecycle,
      ],
      exports: [PlantQueryRuntime],
    };
  }
}
