// Public API of the MES simulator, for services/standalone (composition) and the benchmarks.
export { MesSimModule, type MesSimModuleOptions } from './mes-sim.module';
export { PlantService } from './plant/plant.service';
export { PlantState, type Lot, type Effect } from './plant/plant-state';
export { GeneratorService } from './generator/generator.service';
export { SparkplugPlantPublisher } from './sparkplug/sparkplug-plant.publisher';
export { sparkplugUrl } from './config/mes-sim.config';
