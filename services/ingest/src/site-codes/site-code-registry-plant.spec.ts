import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlantModel } from '@andon/plant-model';
import { SiteCodeRegistry } from './site-code-registry';

const ROOT = join(__dirname, '../../../..');
const plant = loadPlantModel(join(ROOT, 'config/plant'));

describe('SiteCodeRegistry against the plant model', () => {
  let dir: string;
  const site = (id: string, body: string) => {
    mkdirSync(join(dir, id));
    writeFileSync(join(dir, id, 'active.yaml'), 'version: 1\n');
    writeFileSync(join(dir, id, 'v1.yaml'), `site: ${id}\nversion: 1\n${body}`);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'site-codes-plant-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a code map for a site the plant model lacks, naming folder and site', () => {
    site('plant-a', '');
    site('plant-z', '');
    expect(() => SiteCodeRegistry.load(dir, { plant })).toThrow(
      `${join(dir, 'plant-z')}: site "plant-z" is not in the plant model`,
    );
    // Without a plant model (unit tests of the registry alone) the folder is simply a site.
    expect(SiteCodeRegistry.load(dir).get('plant-z')?.label).toBe('plant-z@v1');
  });

  it('refuses a map that puts a machine on another line than the plant model', () => {
    site('plant-a', 'machines:\n  a-l1-m1: { line: line-2, cell: a-l1-c1 }\n');
    expect(() => SiteCodeRegistry.load(dir, { plant })).toThrow(
      /puts machine "a-l1-m1" on line-2\/a-l1-c1; the plant model has line-1\/a-l1-c1/,
    );
  });

  it('a map that lists no lines or machines takes them from the plant model', () => {
    site('plant-b', "downtime_reasons:\n  '110': MECHANICAL_FAILURE\n");
    const map = SiteCodeRegistry.load(dir, { plant }).get('plant-b');
    expect(map?.knowsLine('line-4')).toBe(true);
    expect(map?.knowsLine('line-1')).toBe(false);
    expect(map?.areaOf('line-3')).toBe('mixing');
    expect(map?.machine('b-l4-m2')).toEqual({ line: 'line-4', cell: 'b-l4-c2' });
  });
});
