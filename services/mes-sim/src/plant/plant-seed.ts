/**
 * The seeded plant the simulator runs: 2 sites, 4 lines, 12 machines. Site codes for
 * downtime reasons, alarms and NCR categories deliberately differ between sites, as
 * they do in real plants; ingest's site code maps translate them.
 */
export interface MachineSeed {
  id: string;
  name: string;
  cell: string;
  kind: 'press' | 'mixer' | 'filler' | 'oven' | 'cnc' | 'packer';
}

export interface LineSeed {
  id: string;
  area: string;
  name: string;
  product: string;
  idealRatePerMin: number;
  machines: MachineSeed[];
}

export interface SiteSeed {
  id: string;
  enterprise: string;
  name: string;
  timeZone: string;
  /** site-specific codes the plant's MES emits */
  downtimeCodes: Record<string, string>;
  alarmCodes: Record<string, string>;
  ncrCodes: Record<string, string>;
  lines: LineSeed[];
}

const machines = (prefix: string, kinds: MachineSeed['kind'][]): MachineSeed[] =>
  kinds.map((kind, i) => ({
    id: `${prefix}-m${i + 1}`,
    name: `${kind.toUpperCase()} ${i + 1}`,
    cell: `${prefix}-c${i + 1}`,
    kind,
  }));

export const PLANT: readonly SiteSeed[] = [
  {
    id: 'plant-a',
    enterprise: 'acme',
    name: 'Acme Plant A (Dortmund)',
    timeZone: 'Europe/Berlin',
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
    lines: [
      {
        id: 'line-1',
        area: 'molding',
        name: 'Molding 1',
        product: 'PX-100',
        idealRatePerMin: 60,
        machines: machines('a-l1', ['press', 'press', 'packer']),
      },
      {
        id: 'line-2',
        area: 'assembly',
        name: 'Assembly 2',
        product: 'PX-200',
        idealRatePerMin: 40,
        machines: machines('a-l2', ['cnc', 'cnc', 'packer']),
      },
    ],
  },
  {
    id: 'plant-b',
    enterprise: 'acme',
    name: 'Acme Plant B (Columbus)',
    timeZone: 'America/New_York',
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
    lines: [
      {
        id: 'line-3',
        area: 'mixing',
        name: 'Mixing 3',
        product: 'RS-300',
        idealRatePerMin: 30,
        machines: machines('b-l3', ['mixer', 'oven', 'filler']),
      },
      {
        id: 'line-4',
        area: 'filling',
        name: 'Filling 4',
        product: 'RS-400',
        idealRatePerMin: 80,
        machines: machines('b-l4', ['filler', 'filler', 'packer']),
      },
    ],
  },
];

export const SUPPLIERS = ['Polymer Supply Co', 'ResinWorks GmbH', 'Midwest Chemicals'] as const;
export const CREWS = ['A', 'B', 'C'] as const;
