import { join } from 'node:path';
import { loadPlantModel } from '../load-plant-model';
import { auditSiteFiles } from '../site-files-audit';

const ROOT = join(__dirname, '../../../..');
const model = loadPlantModel(join(ROOT, 'config/plant'));

it("the repository's plant model loads: two sites, their zones, shifts, lines, machines and ideal rates", () => {
  expect(model.sites()).toEqual(['plant-a', 'plant-b']);
  expect(model.zoneOf('PLANT-A')).toBe('Europe/Berlin');
  expect(model.zoneOf('plant-b')).toBe('America/New_York');
  expect(model.idealRate('plant-a', 'line-1')).toBe(60);
  expect(model.idealRate('plant-b', 'line-4')).toBe(80);
  expect(model.idealRate('plant-a', 'line-4')).toBeUndefined();
  expect(model.siteOfLine('line-3')).toBe('plant-b');
  expect(model.machine('plant-a', 'a-l2-m3')).toEqual({ id: 'a-l2-m3', line: 'line-2', cell: 'a-l2-c3' });
  expect(model.site('plant-b')?.shifts.map((s) => [s.code, s.startMinute, s.hours])).toEqual([
    ['A', 360, 8],
    ['B', 840, 8],
    ['C', 1320, 8],
  ]);
});

it("every per-site file in the repository's config/ matches the plant model", () => {
  expect(
    auditSiteFiles(model, {
      codeMaps: join(ROOT, 'config/site-codes'),
      redaction: join(ROOT, 'config/redaction'),
      mesEndpoints: join(ROOT, 'config/mes-endpoints'),
      protocolMaps: join(ROOT, 'config/protocol-maps'),
    }),
  ).toEqual([]);
});
