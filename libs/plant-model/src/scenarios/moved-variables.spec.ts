import { join } from 'node:path';
import { loadPlantModelFromEnv } from '../load-plant-model';

const ROOT = join(__dirname, '../../../..');

it('PLANT_MODEL_DIR finds the model; a variable that used to hold plant facts is refused rather than silently ignored', () => {
  expect(loadPlantModelFromEnv({}, ROOT).sites()).toEqual(['plant-a', 'plant-b']);
  expect(loadPlantModelFromEnv({ PLANT_MODEL_DIR: join(ROOT, 'config/plant') }, '/').sites()).toEqual([
    'plant-a',
    'plant-b',
  ]);
  expect(() => loadPlantModelFromEnv({ PLANT_QUERY_IDEAL_RATES: 'plant-a/line-1=60' }, ROOT)).toThrow(
    /PLANT_QUERY_IDEAL_RATES: ideal rates and site time zones live in the plant model/,
  );
});
