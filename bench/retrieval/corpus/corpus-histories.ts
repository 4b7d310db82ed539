/**
 * History documents (work orders, NCRs, deviations): mostly seeded filler entries, plus a
 * few hand-written notable events the query set asks about. Filler ids come from ranges
 * the notable events do not use, so an identifier query has one right answer.
 */
import { pick } from './corpus-model';

export interface HistoryEntry {
  id: string;
  machine: string;
  text: string;
}

export interface NotableEvent extends HistoryEntry {
  key: string;
  kind: 'work_order_history' | 'ncr_history' | 'deviation_history';
  line: string;
  /** yyyy-mm of the monthly (or, for deviations, quarterly) history it appears in. */
  month: string;
}

export const NOTABLE_EVENTS: readonly NotableEvent[] = [
  {
    key: 'ev-spindle',
    kind: 'work_order_history',
    line: 'line-2',
    month: '2026-09',
    id: 'WO-78112',
    machine: 'a-l2-m1',
    text: 'Corrective. Loud spindle noise and alarm A-200 on a-l2-m1, vibration 9.3 mm/s at the spindle nose. Both spindle bearings BRG-6204-2RS replaced, preload reset. 7 hours downtime; 1.9 mm/s after run-in.',
  },
  {
    key: 'ev-underfill',
    kind: 'ncr_history',
    line: 'line-3',
    month: '2026-10',
    id: 'NCR-2291',
    machine: 'b-l3-m1',
    text: 'Underfilled bottles of LQ-500, lot L2610-14, found by the checkweigher (312 bottles below the minimum). Cause: torn nozzle gasket GS-12 on head 17 of b-l3-m1. Disposition: rework (refill) under quality engineer approval.',
  },
  {
    key: 'ev-chiller',
    kind: 'work_order_history',
    line: 'line-5',
    month: '2026-08',
    id: 'WO-80415',
    machine: 'c-l5-m3',
    text: 'Corrective. CH-101 flow low on c-l5-m3; warped PX-100 covers at c-l5-m1. Strainer STR-32 clogged with scale, cleaned; standby strainer was missing its basket, new basket fitted. Descaling of the circuit planned.',
  },
  {
    key: 'ev-burn',
    kind: 'ncr_history',
    line: 'line-1',
    month: '2026-07',
    id: 'NCR-2150',
    machine: 'a-l1-m2',
    text: 'Black specks and burn marks on PX-100 parts from a-l1-m2 after alarm A-410 on barrel zone 3. Thermocouple TC-K-120 of zone 3 had a cracked sheath and read low, so the zone overheated. 2,400 parts scrapped; thermocouple replaced.',
  },
  {
    key: 'ev-md-fail',
    kind: 'ncr_history',
    line: 'line-6',
    month: '2026-11',
    id: 'NCR-2344',
    machine: 'c-l6-m3',
    text: 'Metal detector c-l6-m3 did not reject the stainless steel 2.5 mm test wand at the 14:00 check. 1,200 cases of PX-300 produced since the last good test put on hold and re-inspected; two cases rejected on re-inspection.',
  },
  {
    key: 'ev-batch-hot',
    kind: 'deviation_history',
    line: 'line-4',
    month: '2026-06',
    id: 'DEV-0612',
    machine: 'b-l4-m1',
    text: 'Batch B-4471 of LQ-500 premix stayed above the temperature limit for 40 minutes after alarm M-450. The steam valve on the jacket was passing. Batch held and released after viscosity and stability testing; steam valve seat replaced.',
  },
  {
    key: 'ev-vision-lens',
    kind: 'work_order_history',
    line: 'line-2',
    month: '2026-10',
    id: 'WO-78490',
    machine: 'a-l2-m3',
    text: 'Corrective. VIS-021 reject rate 6 % on a-l2-m3, golden samples failing. Lens LNS-16 scratched by a loose cable tie; lens replaced, focus and illumination recalibrated.',
  },
  {
    key: 'ev-vacuum-cups',
    kind: 'work_order_history',
    line: 'line-6',
    month: '2026-09',
    id: 'WO-80877',
    machine: 'c-l6-m1',
    text: 'Corrective. Repeated CP-310 jams at the erector of c-l6-m1 (eleven in one shift). Four vacuum cups VC-30 torn; all twelve cups replaced and vacuum generator filter cleaned.',
  },
  {
    key: 'ev-seal-leak',
    kind: 'work_order_history',
    line: 'line-4',
    month: '2026-08',
    id: 'WO-79233',
    machine: 'b-l4-m1',
    text: 'Corrective. Premix weeping at the agitator seal housing of b-l4-m1, flush water cloudy. Mechanical seal cartridge MS-45 replaced; gland nuts torqued; no leak after water run.',
  },
  {
    key: 'ev-oil-change',
    kind: 'work_order_history',
    line: 'line-1',
    month: '2026-11',
    id: 'WO-78720',
    machine: 'a-l1-m2',
    text: 'Preventive. 4000 h service on a-l1-m2: hydraulic oil HLP 46 changed, return filter HF-3321 replaced. Oil sample before draining 19/17/14 (ISO 4406), above the 18/16/13 target.',
  },
  {
    key: 'ev-clamp-torque',
    kind: 'deviation_history',
    line: 'line-5',
    month: '2026-05',
    id: 'DEV-0587',
    machine: 'c-l5-m2',
    text: 'Mold MLD-100-C found clamped at 150 Nm instead of the specified value after a night-shift changeover on c-l5-m2. Parts from the shift measured; no dimensional nonconformance. Retraining on the changeover instruction.',
  },
  {
    key: 'ev-barcode',
    kind: 'work_order_history',
    line: 'line-3',
    month: '2026-07',
    id: 'WO-79011',
    machine: 'b-l3-m3',
    text: 'Corrective. Barcode verification grade D on LQ-500 labels from b-l3-m3. Wrong ribbon type loaded (wax instead of RB-110 wax-resin); ribbon changed, darkness reset, labels of the last hour reprinted.',
  },
];

/** Filler entries by machine kind; values come from the site's procedure parameters. */
const FILLER: Readonly<Record<string, readonly string[]>> = {
  'injection molding machine': [
    'Preventive. Lubrication of the toggle and tie bars on {m}. No findings.',
    'Corrective. Nozzle heater band failed on {m}; band replaced, zone temperature stable.',
    'Corrective. Check ring of the screw worn on {m}, cushion drifting; check ring replaced.',
    'Preventive. Safety gate interlock function test on {m}. Passed.',
  ],
  'mold cooling chiller': [
    'Preventive. Condenser fins cleaned on {m}.',
    'Corrective. Refrigerant pressure low on {m}; leak at the sight glass repaired and recharged.',
  ],
  'CNC machining centre': [
    'Preventive. Way oil topped up and chip conveyor cleaned on {m}.',
    'Corrective. Tool changer gripper misaligned on {m}; gripper realigned.',
  ],
  'screwdriving station': [
    'Corrective. Spindle 3 of {m} out of torque band at the daily check; clutch replaced.',
    'Preventive. Bit holders of {m} replaced.',
  ],
  'vision inspection station': [
    'Preventive. Lens and light dome cleaned on {m}.',
    'Corrective. Camera cable connector loose on {m}; reseated and strain relief added.',
  ],
  'blister sealer': [
    'Corrective. Weak seals from {m}; sealing plate cleaned of residue.',
    'Preventive. Forming film tension checked on {m}.',
  ],
  'rotary filler': [
    'Preventive. Bowl level probe cleaned on {m}.',
    'Corrective. Two fill heads of {m} dripping; gaskets replaced.',
  ],
  capper: [
    'Corrective. Loose caps from {m}; chuck clutch torque adjusted.',
    'Preventive. Chucks of {m} inspected, one replaced.',
  ],
  'label printer': [
    'Preventive. Print head of {m} cleaned with isopropanol.',
    'Corrective. Label gap sensor of {m} dirty; cleaned and media recalibrated.',
  ],
  'metal detector': [
    'Preventive. Reject arm air pressure checked on {m}.',
    'Corrective. Reject confirmation sensor of {m} misaligned; realigned and tested.',
  ],
  conveyor: [
    'Preventive. Belt tracking checked on {m}.',
    'Corrective. Drive chain of {m} stretched; chain and sprocket replaced.',
  ],
  'mixing vessel': [
    'Preventive. Load cells of {m} calibrated.',
    'Corrective. Agitator gearbox oil level low on {m}; topped up, no leak found.',
  ],
  'CIP skid': [
    'Preventive. Conductivity probe of {m} calibrated.',
    'Corrective. Caustic dosing pump of {m} losing prime; foot valve replaced.',
  ],
  'transfer pump': [
    'Corrective. Transfer pump {m} cavitating; suction strainer cleaned.',
    'Preventive. Pump {m} coupling alignment checked.',
  ],
  'case packer': [
    'Corrective. Glue nozzle of {m} blocked; nozzle cleaned.',
    'Preventive. Vacuum cups of {m} inspected.',
  ],
  'stretch wrapper': [
    'Corrective. Film break sensor of {m} misreading; sensor cleaned.',
    'Preventive. Turntable chain of {m} lubricated.',
  ],
};

const NCR_FILLER = [
  'Dimensional nonconformance on {p}: {n} parts out of tolerance found at the end-of-line check. Cause under investigation; lot on quality hold.',
  'Cosmetic defect (scratches) on {p}, {n} units. Handling damage at the transfer; guides padded. Disposition: scrap.',
  'Label misprint on {p}: wrong date code on {n} units. Recipe selection error; units relabelled.',
  'Supplier material of {p} with moisture above specification; {n} kg returned to supplier.',
  'Packaging seal weak on {n} units of {p}; sealing parameters verified, units repacked.',
];

const DEVIATION_FILLER = [
  'Planned deviation: alternate resin supplier for {p} approved for {n} batches under increased inspection.',
  'Unplanned deviation: line speed reduced for {n} hours on {m} while a spare part was on order; quality impact none.',
  'Unplanned deviation: in-process check of {p} skipped for {n} hours during a shift handover; parts re-inspected, all conforming.',
];

export function machineKindMatches(kind: string, machineKind: string): boolean {
  return machineKind !== '' && kind.includes(machineKind);
}

function fillerFor(kind: string): readonly string[] {
  const key = Object.keys(FILLER).find((k) => kind.includes(k));
  return key ? (FILLER[key] ?? []) : [];
}

export interface FillerContext {
  rand: () => number;
  machines: Readonly<Record<string, string>>;
  product: string;
  nextId: () => number;
}

export function fillerWorkOrders(c: FillerContext, count: number, idPrefix: string): HistoryEntry[] {
  const ids = Object.keys(c.machines);
  return Array.from({ length: count }, () => {
    const machine = pick(c.rand, ids);
    const text = pick(c.rand, fillerFor(c.machines[machine] ?? '')).replaceAll('{m}', machine);
    return {
      id: `WO-${idPrefix}${String(c.nextId()).padStart(3, '0')}`,
      machine,
      text: `${text} ${1 + Math.floor(c.rand() * 6)} hours.`,
    };
  });
}

export function fillerNcrs(c: FillerContext, count: number): HistoryEntry[] {
  const ids = Object.keys(c.machines);
  return Array.from({ length: count }, () => {
    const machine = pick(c.rand, ids);
    const text = pick(c.rand, NCR_FILLER)
      .replaceAll('{p}', c.product)
      .replaceAll('{n}', String(5 + Math.floor(c.rand() * 400)));
    return {
      id: `NCR-1${String(c.nextId()).padStart(3, '0')}`,
      machine,
      text: `${text} Machine ${machine}.`,
    };
  });
}

export function fillerDeviations(c: FillerContext, count: number): HistoryEntry[] {
  const ids = Object.keys(c.machines);
  return Array.from({ length: count }, () => {
    const machine = pick(c.rand, ids);
    const text = pick(c.rand, DEVIATION_FILLER)
      .replaceAll('{p}', c.product)
      .replaceAll('{m}', machine)
      .replaceAll('{n}', String(2 + Math.floor(c.rand() * 10)));
    return { id: `DEV-1${String(c.nextId()).padStart(3, '0')}`, machine, text };
  });
}
