import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteCodeRegistry } from '../../site-codes/site-code-registry';
import { SITE_CODES_DIR } from '../../test-support/ingest-fixtures';
import { ProtocolMapError, ProtocolMaps } from './protocol-maps';

const MAPS_DIR = join(__dirname, '..', '..', '..', '..', '..', 'config', 'protocol-maps');

// The shipped protocol maps place machines on the lines the site code maps know, and use
// alarm/downtime codes those maps translate: a typo would dead-letter a whole machine.
describe('config/protocol-maps', () => {
  const maps = ProtocolMaps.load(MAPS_DIR);
  const registry = SiteCodeRegistry.load(SITE_CODES_DIR, { refreshMs: 0 });

  it('loads and places every machine where the site code map has it', () => {
    expect(maps.files.length).toBeGreaterThan(0);
    for (const file of maps.files) {
      const codes = registry.get(file.site);
      expect(codes).toBeDefined();
      for (const m of [...file.sparkplug, ...file.uns]) {
        expect({ machine: m.machine, at: codes?.machine(m.machine) }).toEqual({
          machine: m.machine,
          at: expect.objectContaining({ line: m.line }),
        });
        for (const mapping of Object.values(m.metrics)) {
          if (mapping.event === 'machine_alarm' && mapping.alarmCode)
            expect(codes?.alarmCode(mapping.alarmCode)).toBeDefined();
          if (mapping.event === 'downtime' && mapping.reasonCode)
            expect(codes?.downtimeReason(mapping.reasonCode)).toBeDefined();
        }
      }
    }
  });

  it('resolves topics by the longest prefix and metrics by name or ignored prefix', () => {
    expect(maps.unsMachine('acme/plant-a/molding/line-1/a-l1-c3/press-3/counts/good')).toMatchObject({
      metric: 'counts/good',
      machine: { machine: 'a-l1-m3' },
    });
    expect(maps.unsMachine('acme/plant-a/molding/line-1/a-l1-c3/press-30/x')).toBeUndefined();
    expect(maps.sparkplugMachine('acme-plant-a', 'edge-line-1', 'press-1')?.machine).toBe('a-l1-m1');
    expect(maps.sparkplugMachine('acme-plant-a', 'edge-line-1', undefined)).toBeUndefined();
    expect(maps.b2mmlSite('acme/plant-a/b2mml/MaterialLot')).toEqual({
      site: 'plant-a',
      noun: 'MaterialLot',
      sourceSystem: 'ERP',
    });
  });

  it('refuses a file whose name and site differ, or that maps one node twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'protocol-maps-'));
    writeFileSync(join(dir, 'plant-x.yaml'), 'site: plant-y\nversion: 1\n');
    expect(() => ProtocolMaps.load(dir)).toThrow(ProtocolMapError);
    const twice = mkdtempSync(join(tmpdir(), 'protocol-maps-'));
    const node = '{ group: g, node: n, line: line-1, machine: m, metrics: {} }';
    writeFileSync(join(twice, 'plant-a.yaml'), `site: plant-a\nversion: 1\nsparkplug: [${node}, ${node}]\n`);
    expect(() => ProtocolMaps.load(twice)).toThrow(/mapped twice/);
  });
});
