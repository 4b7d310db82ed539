import { join } from 'node:path';
import { loadPlantModel } from '@andon/plant-model';
import { PLANT } from './plant-seed';

// The simulator plays the plant that config/plant describes (ADR 0023): same sites, zones,
// lines, areas, ideal rates, machines and cells. Its site-local codes are its own (the
// plant's MES vocabulary that ingest's code maps translate), so they are not compared here.
const plant = loadPlantModel(join(__dirname, '../../../..', 'config/plant'));

describe('the simulated plant is the plant model', () => {
  it('has the same sites', () => {
    expect(PLANT.map((s) => s.id).sort()).toEqual(plant.sites());
  });

  it.each(PLANT.map((s) => [s.id, s] as const))(
    '%s: zone, lines, areas, ideal rates, machines and cells match',
    (id, seed) => {
      const site = plant.site(id);
      expect(seed.timeZone).toBe(site?.timeZone);
      expect(seed.lines.map((l) => l.id).sort()).toEqual([...(site?.lines.keys() ?? [])].sort());
      for (const line of seed.lines) {
        const modelled = plant.line(id, line.id);
        expect({ line: line.id, area: line.area, rate: line.idealRatePerMin }).toEqual({
          line: line.id,
          area: modelled?.area,
          rate: modelled?.idealRatePerMinute,
        });
        expect(line.machines.map((m) => [m.id, m.cell]).sort()).toEqual(
          [...(modelled?.machines.values() ?? [])].map((m) => [m.id, m.cell]).sort(),
        );
      }
    },
  );
});
