import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEndpointMaps } from './endpoint-map';

const SHIPPED = resolve(__dirname, '../../../../config/mes-endpoints');

describe('loadEndpointMaps', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-endpoints-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped maps of both seeded sites; MES_BASE_URLS overrides the file', () => {
    const maps = loadEndpointMaps(SHIPPED, { 'plant-b': 'http://mes-b:9000/api/' });
    expect([...maps.keys()]).toEqual(['plant-a', 'plant-b']);
    expect(maps.get('plant-a')?.baseUrl).toBe('http://127.0.0.1:8090/mes/v1');
    expect(maps.get('plant-b')?.baseUrl).toBe('http://mes-b:9000/api');
    expect(maps.get('plant-a')?.actions['mes.hold_lot']).toMatchObject({
      method: 'POST',
      path: '/lots/{lotId}/hold',
      required: ['reason'],
      inject: ['actionId'],
    });
  });

  it('names every problem: unknown keys, bad methods, injections outside the bound fields, file/site mismatch, missing base URL', () => {
    writeFileSync(
      join(dir, 'plant-x.yaml'),
      [
        'site: plant-y',
        'actions:',
        '  mes.hold_lot:',
        '    method: GET',
        '    path: /lots/{id}',
        '    inject: [password]',
        '    retries: 3',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'plant-z.yaml'), ['site: plant-z', 'actions: {}'].join('\n'));
    let message = '';
    try {
      loadEndpointMaps(dir, { 'plant-q': 'http://q' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('plant-x.yaml: actions.mes.hold_lot.method');
    expect(message).toContain('plant-x.yaml: actions.mes.hold_lot.inject.0');
    expect(message).toContain('plant-x.yaml: actions.mes.hold_lot: Unrecognized key: "retries"');
    expect(message).toContain('plant-z.yaml: no baseUrl and no MES_BASE_URLS entry for plant-z');
    expect(message).toContain('MES_BASE_URLS names plant-q, which has no endpoint file');
  });

  it('refuses a file named after another site', () => {
    writeFileSync(
      join(dir, 'plant-a.yaml'),
      ['site: plant-b', 'baseUrl: http://b', 'actions: {}'].join('\n'),
    );
    expect(() => loadEndpointMaps(dir)).toThrow(
      'plant-a.yaml: declares site "plant-b"; name the file plant-b.yaml',
    );
  });
});
