import type { PlantModel, Shift, SiteId } from '@andon/plant-model';

/**
 * The plant the simulator runs is the plant model's (config/plant, ADR 0023): its sites,
 * enterprise, time zones, shift patterns, lines (area, name, product, ideal rate) and their
 * machines and cells. What the plant model does not hold is the simulator's own: each
 * site's MES codes for downtime reasons, alarms and NCR categories. They deliberately
 * differ between sites, as they do in real plants; ingest's site code maps translate them.
 */
export interface MachineSeed {
  id: string;
  name: string;
  cell: string;
}

export interface LineSeed {
  id: string;
  area: string;
  name: string;
  product: string;
  idealRatePerMin: number;
  machines: MachineSeed[];
}

/** The site-specific codes the plant's MES emits. */
export interface SiteCodes {
  downtimeCodes: Record<string, string>;
  alarmCodes: Record<string, string>;
  ncrCodes: Record<string, string>;
}

export interface SiteSeed extends SiteCodes {
  id: SiteId;
  enterprise: string;
  name: string;
  timeZone: string;
  /** The site's shift pattern in local time, ordered by start (the plant model's). */
  shifts: readonly Shift[];
  lines: LineSeed[];
}

/** The simulated MES's own vocabulary per site (ingest's config/site-codes maps each code). */
export const SITE_CODES: Readonly<Record<string, SiteCodes>> = {
  'plant-a': {
    downtimeCodes: {
      D01: 'mechanical_failure',
      D02: 'material_shortage',
      D03: 'changeover',
      D04: 'quality_hold',
      D05: 'no_operator',
    },
    alarmCodes: {
      'A-100': 'overtemperature',
      'A-200': 'vibration_high',
      'A-300': 'pressure_low',
      'A-400': 'jam',
    },
    ncrCodes: { 'Q-DIM': 'dimensional', 'Q-VIS': 'visual', 'Q-MAT': 'material', 'Q-CONT': 'contamination' },
  },
  'plant-b': {
    downtimeCodes: {
      '110': 'mechanical_failure',
      '120': 'material_shortage',
      '130': 'changeover',
      '140': 'quality_hold',
      '150': 'no_operator',
    },
    alarmCodes: {
      TEMP_HI: 'overtemperature',
      VIB_HI: 'vibration_high',
      PRESS_LO: 'pressure_low',
      JAM: 'jam',
    },
    ncrCodes: { DIMENSION: 'dimensional', COSMETIC: 'visual', RAW_MAT: 'material', FOREIGN: 'contamination' },
  },
};

/**
 * The simulated plant for a plant model, in the model's order (sites sorted, lines and
 * machines as their file lists them, so a seed replays the same plant). A site the
 * simulator has no MES codes for stops it here, naming the site, rather than run silently
 * without it.
 */
export function simulatedPlant(
  model: PlantModel,
  codes: Readonly<Record<string, SiteCodes>> = SITE_CODES,
): SiteSeed[] {
  return model.sites().map((id): SiteSeed => {
    const site = model.site(id);
    const siteCodes = codes[id];
    if (!site)
      throw new Error(`mes-sim: plant model ${model.source} lists site ${id} but has no site record`);
    if (!siteCodes)
      throw new Error(
        `mes-sim: the plant model (${model.source}) has site ${id}, for which the simulator has no MES codes ` +
          '(add them to SITE_CODES in services/mes-sim/src/plant/plant-seed.ts and to config/site-codes)',
      );
    return {
      id,
      enterprise: site.enterprise ?? id,
      name: site.name ?? id,
      timeZone: site.timeZone,
      shifts: site.shifts,
      ...siteCodes,
      lines: [...site.lines.values()].map((line) => ({
        id: line.id,
        area: line.area,
        name: line.name ?? line.id,
        product: line.product ?? line.id.toUpperCase(),
        idealRatePerMin: line.idealRatePerMinute,
        machines: [...line.machines.values()].map((m) => ({ id: m.id, name: m.name ?? m.id, cell: m.cell })),
      })),
    };
  });
}

export const SUPPLIERS = ['Polymer Supply Co', 'ResinWorks GmbH', 'Midwest Chemicals'] as const;
export const CREWS = ['A', 'B', 'C'] as const;
