import { join } from 'node:path';
import { loadPlantModel } from '@andon/plant-model';
import { simulatedPlant, type SiteSeed } from '../plant/plant-seed';

/** The repository's plant model (config/plant), as the simulator plays it. */
export const PLANT_MODEL = loadPlantModel(join(__dirname, '../../../..', 'config/plant'));
export const SIM_PLANT: readonly SiteSeed[] = simulatedPlant(PLANT_MODEL);
