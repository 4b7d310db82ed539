import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteCodeMapError, SiteCodeRegistry } from './site-code-registry';

const V1 = `site: plant-x\nversion: 1\nalarm_codes:\n  'E-1': overtemperature\n`;
const V2 = `site: plant-x\nversion: 2\nalarm_codes:\n  'E-1': overtemperature\n  'E-2': jam\n`;

describe('SiteCodeRegistry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'site-codes-'));
    mkdirSync(join(dir, 'plant-x'));
    writeFileSync(join(dir, 'plant-x', 'v1.yaml'), V1);
    writeFileSync(join(dir, 'plant-x', 'v2.yaml'), V2);
    writeFileSync(join(dir, 'plant-x', 'active.yaml'), 'version: 1\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the version active.yaml points at, and switches on reload', () => {
    const registry = SiteCodeRegistry.load(dir);
    expect(registry.get('plant-x')?.alarmCode('E-2')).toBeUndefined();
    writeFileSync(join(dir, 'plant-x', 'active.yaml'), 'version: 2\n');
    expect(registry.reload()).toEqual({ sites: [{ site: 'plant-x', version: 2 }], errors: [] });
    expect(registry.get('plant-x')?.alarmCode('E-2')).toBe('jam');
  });

  it('picks up a new site folder when it re-reads on lookup after the refresh interval', () => {
    let now = 0;
    const registry = SiteCodeRegistry.load(dir, { refreshMs: 1_000, now: () => now });
    mkdirSync(join(dir, 'plant-y'));
    writeFileSync(join(dir, 'plant-y', 'v1.yaml'), 'site: plant-y\nversion: 1\n');
    writeFileSync(join(dir, 'plant-y', 'active.yaml'), 'version: 1\n');
    now = 999;
    expect(registry.get('plant-y')).toBeUndefined();
    now = 1_000;
    expect(registry.get('plant-y')?.label).toBe('plant-y@v1');
  });

  it('refuses to start on a map naming a code outside the canonical vocabulary', () => {
    writeFileSync(
      join(dir, 'plant-x', 'v1.yaml'),
      `site: plant-x\nversion: 1\nalarm_codes:\n  'E-1': overheat\n`,
    );
    expect(() => SiteCodeRegistry.load(dir)).toThrow(SiteCodeMapError);
    expect(() => SiteCodeRegistry.load(dir)).toThrow(/alarm_codes.E-1/);
  });

  it('refuses a file whose declared version or site disagrees with where it lives', () => {
    writeFileSync(join(dir, 'plant-x', 'v1.yaml'), 'site: plant-x\nversion: 3\n');
    expect(() => SiteCodeRegistry.load(dir)).toThrow(/declares version 3/);
    writeFileSync(join(dir, 'plant-x', 'v1.yaml'), 'site: plant-q\nversion: 1\n');
    expect(() => SiteCodeRegistry.load(dir)).toThrow(/declares site "plant-q"/);
  });

  it('keeps the previous map of a site whose new version is broken', () => {
    const registry = SiteCodeRegistry.load(dir);
    writeFileSync(
      join(dir, 'plant-x', 'v2.yaml'),
      'site: plant-x\nversion: 2\ndowntime_reasons: [not, a, table]\n',
    );
    writeFileSync(join(dir, 'plant-x', 'active.yaml'), 'version: 2\n');
    const report = registry.reload();
    expect(report.errors).toHaveLength(1);
    expect(registry.get('plant-x')?.version).toBe(1);
  });

  it('names a missing active pointer', () => {
    rmSync(join(dir, 'plant-x', 'active.yaml'));
    expect(() => SiteCodeRegistry.load(dir)).toThrow(/active.yaml: missing/);
  });
});
