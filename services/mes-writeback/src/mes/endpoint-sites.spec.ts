import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metrics, createLogger } from '@andon/observability';
import { loadWritebackConfig } from '../config/writeback.config';
import { createRestMes } from './create-rest-mes';

const ROOT = join(__dirname, '../../../..');

it('refuses to start on an MES endpoint file for a site the plant model does not have, naming file and site', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mes-endpoints-'));
  try {
    cpSync(join(ROOT, 'config/mes-endpoints/plant-a.yaml'), join(dir, 'plant-a.yaml'));
    writeFileSync(join(dir, 'plant-q.yaml'), 'site: plant-q\nbaseUrl: http://127.0.0.1:1/mes\nactions: {}\n');
    const config = loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: '{"k":"unused"}', MES_ENDPOINTS_DIR: dir });
    expect(() =>
      createRestMes(config, { log: createLogger('t', 'silent'), metrics: new Metrics({}, false) }),
    ).toThrow(`${join(dir, 'plant-q.yaml')}: site "plant-q" is not in the plant model`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
