import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule } from '@andon/bus';
import { ServiceKitModule, USER_SCHEME, authenticatorToken } from '@andon/service-kit';
import { PLANT_QUERY_CONSUMES, PlantFactsConsumer } from './facts/plant-facts.consumer';
import { PlantQueryGrpcServer } from './grpc/plant-query-grpc.server';
import { PlantQueryController } from './http/plant-query.controller';
import { PlantQueryRuntime, type PlantQueryDeps } from './plant-query-runtime';

export interface PlantQueryModuleOptions extends PlantQueryDeps {
  /** Join the consumer group on bootstrap. Default true. */
  consume?: boolean;
}

/** Plant-query as a Nest module over injected ports (bus and store belong to the caller). */
@Module({})
export class PlantQueryModule {
  static forRoot(options: PlantQueryModuleOptions): DynamicModule {
    return {
      module: PlantQueryModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [PlantQueryController],
      providers: [
        { provide: PLANT_QUERY_CONSUMES, useValue: options.consume !== false },
        { provide: PlantQueryRuntime, useFactory: () => PlantQueryRuntime.create(options) },
        {
          provide: authenticatorToken(USER_SCHEME),
          useFactory: (r: PlantQueryRuntime) => r.verifier,
          inject: [PlantQueryRuntime],
        },
        PlantFactsConsumer,
        PlantQueryGrpcServer,
      ],
      exports: [PlantQueryRuntime],
    };
  }
}
