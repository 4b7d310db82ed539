import { Module, type DynamicModule } from '@nestjs/common';
import type { EventBus } from '@andon/bus';
import type { Logger } from '@andon/observability';
import { join } from 'node:path';
import { loadPlantModelFromEnv, type PlantModel } from '@andon/plant-model';
import {
  ServiceKitModule,
  StaticTokenAuthenticator,
  parseBoundTokens,
  schemeProvider,
} from '@andon/service-kit';
import { MES_CLIENT_SCHEME, MesApiController } from './api/mes-api.controller';
import { GeneratorService, type GeneratorOptions } from './generator/generator.service';
import { simulatedPlant } from './plant/plant-seed';
import { PlantService } from './plant/plant.service';

export interface MesSimModuleOptions {
  bus: Pick<EventBus, 'publish'>;
  log: Logger;
  dataDir: string | undefined;
  generator: (GeneratorOptions & { enabled: boolean }) | undefined;
  /** Bearer tokens of the MES's API clients (mes-writeback); none: every /mes/v1 route is refused. */
  apiTokens: readonly string[];
  /** The plant it simulates (sites, lines, machines, rates, shifts); default: loaded from PLANT_MODEL_DIR (config/plant). */
  plant?: PlantModel;
}

/** The simulated MES: REST API at /mes/v1 and, when enabled, the raw event generator. */
@Module({})
export class MesSimModule {
  static forRoot(options: MesSimModuleOptions): DynamicModule {
    const plant = new PlantService(
      simulatedPlant(options.plant ?? loadPlantModelFromEnv()),
      options.dataDir ? join(options.dataDir, 'mes-sim.json') : undefined,
    );
    const gen = options.generator;
    const generator = gen?.enabled
      ? new GeneratorService(plant, options.bus, options.log.child({ component: 'mes-sim-generator' }), gen)
      : null;
    return {
      module: MesSimModule,
      imports: [ServiceKitModule],
      controllers: [MesApiController],
      providers: [
        schemeProvider(
          MES_CLIENT_SCHEME,
          new StaticTokenAuthenticator(
            MES_CLIENT_SCHEME,
            parseBoundTokens(options.apiTokens, 'MES_SIM_TOKENS'),
            'the simulated MES',
          ),
        ),
        { provide: PlantService, useValue: plant },
        // Its step runs on the kit's schedule while the app runs (none when the generator is off).
        { provide: GeneratorService, useValue: generator },
      ],
      exports: [PlantService],
    };
  }
}
