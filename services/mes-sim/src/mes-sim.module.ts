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
import {
  MES_SIM_GENERATOR,
  MES_SIM_LOG,
  MES_SIM_OUTLET,
  MES_SIM_SITES,
  MES_SIM_SNAPSHOT,
} from './mes-sim.tokens';

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
    const gen = options.generator;
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
        {
          provide: MES_SIM_SITES,
          useFactory: () => simulatedPlant(options.plant ?? loadPlantModelFromEnv()),
        },
        ...(options.dataDir
          ? [{ provide: MES_SIM_SNAPSHOT, useValue: join(options.dataDir, 'mes-sim.json') }]
          : []),
        PlantService,
        // Its step runs on the kit's schedule while the app runs (none when the generator is off).
        ...(gen?.enabled
          ? [
              { provide: MES_SIM_OUTLET, useValue: options.bus },
              { provide: MES_SIM_LOG, useValue: options.log.child({ component: 'mes-sim-generator' }) },
              { provide: MES_SIM_GENERATOR, useValue: gen },
              GeneratorService,
            ]
          : [{ provide: GeneratorService, useValue: null }]),
      ],
      exports: [PlantService],
    };
  }
}
