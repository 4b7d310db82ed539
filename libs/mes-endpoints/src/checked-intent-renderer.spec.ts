import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPlantModel } from '@andon/plant-model';
import { checkedIntentRenderer } from './index';

const SHIPPED = resolve(__dirname, '../../../config/mes-endpoints');
const PLANT = loadPlantModel(resolve(__dirname, '../../../config/plant'));

describe('checkedIntentRenderer: proposers render only with maps the plant model knows', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-endpoints-'));
    for (const site of ['plant-a', 'plant-b'])
      copyFileSync(join(SHIPPED, `${site}.yaml`), join(dir, `${site}.yaml`));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders with the shipped maps of the shipped plant', () => {
    const renderer = checkedIntentRenderer(dir, PLANT);
    expect(
      renderer.render('plant-a', 'a-1', { type: 'mes.hold_lot', body: { lotId: 'LOT-1', reason: 'r' } }).path,
    ).toBe('/lots/LOT-1/hold');
  });

  it('stops at a map for a site the plant does not have, naming the file and the site', () => {
    writeFileSync(join(dir, 'plant-z.yaml'), 'site: plant-z\nactions: {}\n');
    expect(() => checkedIntentRenderer(dir, PLANT)).toThrow(
      /plant-z\.yaml: site "plant-z" is not in the plant model/,
    );
  });

  it('stops at a map that names another site than its file', () => {
    writeFileSync(
      join(dir, 'plant-b.yaml'),
      readFileSync(join(SHIPPED, 'plant-b.yaml'), 'utf8').replace(/site: plant-b/, 'site: plant-a'),
    );
    expect(() => checkedIntentRenderer(dir, PLANT)).toThrow(/says site "plant-a" but is named for "plant-b"/);
  });
});
