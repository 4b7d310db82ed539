import { PlantModel, siteId, type PlantLine, type PlantSite } from '@andon/plant-model';
import { PLANT_MODEL } from '../test-support/test-plant';
import { simulatedPlant } from './plant-seed';

const plantA = PLANT_MODEL.site('plant-a') as PlantSite;

/** plant-a with one line changed as a plant engineer would change config/plant. */
function withLine(line: PlantLine, site: PlantSite = plantA): PlantModel {
  return new PlantModel([{ ...site, lines: new Map([...site.lines, [line.id, line]]) }], 'edited');
}

describe('the simulated plant is the plant model', () => {
  it('plays every site, zone, shift pattern, line, area, ideal rate, machine and cell of config/plant', () => {
    const sim = simulatedPlant(PLANT_MODEL);
    expect(sim.map((s) => s.id)).toEqual(PLANT_MODEL.sites());
    for (const site of sim) {
      const modelled = PLANT_MODEL.site(site.id) as PlantSite;
      expect({ zone: site.timeZone, shifts: site.shifts }).toEqual({
        zone: modelled.timeZone,
        shifts: modelled.shifts,
      });
      expect(site.lines.map((l) => [l.id, l.area, l.idealRatePerMin])).toEqual(
        [...modelled.lines.values()].map((l) => [l.id, l.area, l.idealRatePerMinute]),
      );
      for (const line of site.lines)
        expect(line.machines.map((m) => [m.id, m.cell])).toEqual(
          [...(modelled.lines.get(line.id)?.machines.values() ?? [])].map((m) => [m.id, m.cell]),
        );
    }
  });

  it('follows an edit of the plant model: a new rate and a new machine appear in the simulation', () => {
    const line1 = plantA.lines.get('line-1') as PlantLine;
    const edited = withLine({
      ...line1,
      idealRatePerMinute: 75,
      machines: new Map([...line1.machines, ['a-l1-m9', { id: 'a-l1-m9', line: 'line-1', cell: 'a-l1-c9' }]]),
    });
    const line = simulatedPlant(edited)[0]?.lines.find((l) => l.id === 'line-1');
    expect(line?.idealRatePerMin).toBe(75);
    expect(line?.machines.map((m) => m.id)).toContain('a-l1-m9');
  });

  it('refuses a site it has no MES codes for, naming the site, rather than run without it', () => {
    const plantZ = { ...plantA, id: siteId('plant-z') };
    expect(() => simulatedPlant(new PlantModel([plantA, plantZ], 'two-sites'))).toThrow(
      /plant-z, for which the simulator has no MES codes/,
    );
  });
});
