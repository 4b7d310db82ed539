import { DowntimeReason } from '@andon/contracts';
import { SITE_CODES_DIR } from '../test-support/ingest-fixtures';
import { SiteCodeRegistry } from './site-code-registry';

// The codes services/mes-sim/src/plant/plant-seed.ts emits, copied here on purpose:
// services do not import each other, and this list is the contract the seeds must honour.
const SIMULATOR = {
  'plant-a': {
    downtime: {
      D01: 'MECHANICAL_FAILURE',
      D02: 'MATERIAL_SHORTAGE',
      D03: 'CHANGEOVER',
      D04: 'QUALITY_HOLD',
      D05: 'NO_OPERATOR',
    },
    alarms: {
      'A-100': 'overtemperature',
      'A-200': 'vibration_high',
      'A-300': 'pressure_low',
      'A-400': 'jam',
    },
    ncr: { 'Q-DIM': 'dimensional', 'Q-VIS': 'visual', 'Q-MAT': 'material', 'Q-CONT': 'contamination' },
    lines: { 'line-1': 'molding', 'line-2': 'assembly' },
  },
  'plant-b': {
    downtime: {
      '110': 'MECHANICAL_FAILURE',
      '120': 'MATERIAL_SHORTAGE',
      '130': 'CHANGEOVER',
      '140': 'QUALITY_HOLD',
      '150': 'NO_OPERATOR',
    },
    alarms: { TEMP_HI: 'overtemperature', VIB_HI: 'vibration_high', PRESS_LO: 'pressure_low', JAM: 'jam' },
    ncr: { DIMENSION: 'dimensional', COSMETIC: 'visual', RAW_MAT: 'material', FOREIGN: 'contamination' },
    lines: { 'line-3': 'mixing', 'line-4': 'filling' },
  },
} as const;

describe('seeded site code maps', () => {
  const registry = SiteCodeRegistry.load(SITE_CODES_DIR);

  it.each(Object.entries(SIMULATOR))('%s maps every code the simulator emits', (site, codes) => {
    const map = registry.get(site);
    expect(map?.version).toBe(1);
    for (const [code, reason] of Object.entries(codes.downtime))
      expect(map?.downtimeReason(code)).toBe(DowntimeReason[reason]);
    for (const [code, canonical] of Object.entries(codes.alarms))
      expect(map?.alarmCode(code)).toBe(canonical);
    for (const [code, canonical] of Object.entries(codes.ncr)) expect(map?.ncrCategory(code)).toBe(canonical);
    for (const [line, area] of Object.entries(codes.lines)) expect(map?.areaOf(line)).toBe(area);
  });
});
