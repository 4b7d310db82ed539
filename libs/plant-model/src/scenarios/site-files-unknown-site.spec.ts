import { join } from 'node:path';
import { loadPlantModel } from '../load-plant-model';
import { assertSiteFiles, auditSiteFiles } from '../site-files-audit';
import { SITE_A, writeTree } from '../test-plant';

const CODE_MAP = (site: string, extra = '') =>
  `site: ${site}\nversion: 1\n${extra}downtime_reasons:\n  'D01': MECHANICAL_FAILURE\n`;

it('a per-site file naming a site, line or machine the plant model lacks is a start error naming file and site', () => {
  const plant = loadPlantModel(writeTree({ 'plant-a.yaml': SITE_A }));
  const root = writeTree({
    'codes/plant-a/active.yaml': 'version: 1\n',
    'codes/plant-a/v1.yaml': CODE_MAP(
      'plant-a',
      'lines:\n  line-9: { area: molding }\nmachines:\n  a-l1-m1: { line: line-1, cell: a-l1-c7 }\n',
    ),
    'codes/plant-z/active.yaml': 'version: 1\n',
    'codes/plant-z/v1.yaml': CODE_MAP('plant-z'),
    'redaction/default.yaml': 'site: default\n',
    'redaction/PLANT-A.yaml': 'site: PLANT-A\n',
    'redaction/plant-q.yaml': 'site: plant-q\n',
    'mes/plant-a.yaml': 'site: plant-b\n',
    'protocol/plant-a.yaml':
      'site: plant-a\nsparkplug:\n  - { line: line-1, machine: a-l9-m9 }\nuns:\n  - { line: line-2 }\n',
  });
  const problems = auditSiteFiles(plant, {
    codeMaps: join(root, 'codes'),
    redaction: join(root, 'redaction'),
    mesEndpoints: join(root, 'mes'),
    protocolMaps: join(root, 'protocol'),
  });
  expect(problems).toEqual([
    `${join(root, 'codes/plant-a/v1.yaml')}: names line "line-9", which site plant-a does not have`,
    `${join(root, 'codes/plant-a/v1.yaml')}: puts machine "a-l1-m1" on line-1/a-l1-c7; the plant model has line-1/a-l1-c1`,
    `${join(root, 'codes/plant-z')}: site "plant-z" is not in the plant model (${plant.source}: plant-a)`,
    `${join(root, 'redaction/PLANT-A.yaml')}: per-site files are named by the lower-case site id (plant-a.yaml)`,
    `${join(root, 'redaction/plant-q.yaml')}: site "plant-q" is not in the plant model (${plant.source}: plant-a)`,
    `${join(root, 'mes/plant-a.yaml')}: says site "plant-b" but is named for "plant-a"`,
    `${join(root, 'mes/plant-a.yaml')}: site "plant-b" is not in the plant model (${plant.source}: plant-a)`,
    `${join(root, 'protocol/plant-a.yaml')}: sparkplug[0] names machine "a-l9-m9", which site plant-a does not have`,
    `${join(root, 'protocol/plant-a.yaml')}: uns[0] names line "line-2", which site plant-a does not have`,
  ]);
  expect(() => assertSiteFiles(plant, { mesEndpoints: join(root, 'mes') })).toThrow(
    /per-site files do not match the plant model:\n {2}- .*mes\/plant-a.yaml: says site "plant-b"/,
  );
  expect(() => assertSiteFiles(plant, { redaction: join(root, 'redaction/..', 'nope') })).toThrow(
    /folder does not exist/,
  );
});
