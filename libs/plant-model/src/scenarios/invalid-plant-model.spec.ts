import { join } from 'node:path';
import { loadPlantModel } from '../load-plant-model';
import { PlantModelError } from '../plant-model-error';
import { SITE_A, writeTree } from '../test-plant';

it('a plant model file is refused, naming the file, when it is misnamed, mistyped or its shifts do not tile the day', () => {
  const misnamed = writeTree({ 'plant-x.yaml': SITE_A });
  expect(() => loadPlantModel(misnamed)).toThrow(
    `${join(misnamed, 'plant-x.yaml')}: says site "plant-a" but is named for "plant-x"`,
  );

  const badZone = writeTree({ 'plant-a.yaml': SITE_A.replace('Europe/Berlin', 'Mars/Olympus') });
  expect(() => loadPlantModel(badZone)).toThrow(/timeZone: an IANA time zone/);

  const gap = writeTree({
    'plant-a.yaml': SITE_A.replace("code: B, start: '14:00'", "code: B, start: '15:00'"),
  });
  expect(() => loadPlantModel(gap)).toThrow(/shift A ends at 14:00 but the next shift \(B\) starts at 15:00/);

  const noRate = writeTree({
    'plant-a.yaml': SITE_A.replace('idealRatePerMinute: 60', 'idealRatePerMinute: 0'),
  });
  expect(() => loadPlantModel(noRate)).toThrow(PlantModelError);

  expect(() => loadPlantModel(writeTree({}))).toThrow(/names no site/);
  expect(() => loadPlantModel('/nonexistent/andon-plant')).toThrow(/PLANT_MODEL_DIR/);
});

it('an upper-case site inside a lower-case file name is the same site (normalised once)', () => {
  const dir = writeTree({ 'plant-a.yaml': SITE_A.replace('site: plant-a', 'site: PLANT-A') });
  expect(loadPlantModel(dir).sites()).toEqual(['plant-a']);
});
