import { steps, type Family } from './family-template';

/** Filling, mixing, packaging and site-wide tasks. */
export const PROCESS_PACKAGING_FAMILIES: readonly Family[] = [
  {
    key: 'filler-nozzle-cleaning',
    docType: 'work_instruction',
    prefix: 'WI',
    scopes: ['line-3'],
    machineKind: 'rotary filler',
    title: () => 'Filler nozzle cleaning and drip check',
    params: { 'plant-b': { nozzle: 'NZ-12', gasket: 'GS-12', soak: '20', soakOld: '30', heads: '24' } },
    body: (c) => `# Filler nozzle cleaning

## When
At every product change and when bottles show drips or underfill on ${c.machines.join(', ')}.

## Procedure
${steps([
  'Stop the filler and close the product valve at the bowl.',
  `Remove the ${c.v['heads']} nozzles ${c.v['nozzle']} with the nozzle key.`,
  `Soak the nozzles for ${c.v['soak']} minutes in the cleaning solution at 60 C.`,
  `Replace every nozzle gasket ${c.v['gasket']} that is flattened or torn.`,
  'Refit and run 30 bottles with water; no head may drip after the fill.',
])}
`,
  },
  {
    key: 'cip-cleaning',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-3', 'line-4'],
    machineKind: 'CIP skid',
    title: (c) => `Clean-in-place (CIP) of ${c.lineName}`,
    params: { 'plant-b': { caustic: '1.5', causticOld: '2.0', temp: '75', conductivity: '65', rinse: '5' } },
    body: (c) => `# Clean-in-place

## Cycle
${steps([
  `Pre-rinse with potable water for ${c.v['rinse']} minutes until the return runs clear.`,
  `Caustic wash: ${c.v['caustic']} % sodium hydroxide at ${c.v['temp']} C for 20 minutes, return conductivity above ${c.v['conductivity']} mS/cm.`,
  'Intermediate rinse until the return conductivity is below 0.5 mS/cm.',
  'Acid wash: 0.8 % nitric acid at 60 C for 10 minutes.',
  'Final rinse; test the last rinse water with phenolphthalein: it must stay colourless.',
])}

## Records
The CIP skid ${c.machines.join(', ') || 'b-l4-m2'} stores the cycle record; the operator signs the CIP record before the line restarts.
`,
  },
  {
    key: 'mixer-overtemp',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-4'],
    machineKind: 'mixing vessel',
    title: () => 'Mixing vessel over-temperature (TEMP_HI)',
    params: { 'plant-b': { alarm: 'M-450', limit: '55', limitOld: '60', jacket: 'V-402' } },
    body: (c) => `# Mixing vessel over-temperature

## Alarm
${c.v['alarm']} TEMP_HI on ${c.machines.join(', ')}: batch temperature above ${c.v['limit']} C. The surfactant premix separates above this temperature.

## Actions
${steps([
  'Stop the dosing of raw materials; keep the agitator running.',
  `Open the cooling water valve ${c.v['jacket']} on the vessel jacket fully.`,
  'Check the steam valve is closed and not passing; a passing steam valve is the usual cause.',
  'When the batch is back under the limit for 10 minutes, take a sample for viscosity.',
  'A batch that stayed above the limit for more than 30 minutes goes on quality hold.',
])}
`,
  },
  {
    key: 'agitator-seal',
    docType: 'maintenance_manual',
    prefix: 'MM',
    scopes: ['line-4'],
    machineKind: 'mixing vessel',
    title: () => 'Agitator mechanical seal replacement',
    params: { 'plant-b': { seal: 'MS-45', flush: '2', torque: '25' } },
    body: (c) => `# Agitator mechanical seal

## Signs of failure
Product weeping at the seal housing of ${c.machines.join(', ')}, seal flush water turning cloudy, flush flow above ${c.v['flush']} l/min.

## Replacement
${steps([
  'Empty and clean the vessel; apply lockout/tagout on the agitator drive.',
  'Remove the drive coupling and lift the gearbox with the davit.',
  `Withdraw the cartridge seal and fit the new ${c.v['seal']} cartridge with the setting clips in place.`,
  `Tighten the gland nuts to ${c.v['torque']} Nm, then remove the setting clips.`,
  'Run on water for 30 minutes and check for leaks.',
])}
`,
  },
  {
    key: 'conveyor-belt-tracking',
    docType: 'maintenance_manual',
    prefix: 'MM',
    scopes: ['line-2', 'line-3', 'line-6'],
    machineKind: 'conveyor',
    title: (c) => `Conveyor belt tracking adjustment, ${c.lineName}`,
    params: {
      'plant-a': { belt: 'BLT-2200', offset: '5', turns: 'a quarter turn' },
      'plant-b': { belt: 'BLT-3150', offset: '8', turns: 'half a turn' },
      'plant-c': { belt: 'BLT-2200', offset: '5', turns: 'a quarter turn' },
    },
    body: (c) => `# Conveyor belt tracking

## When
The belt of ${c.machines.join(', ')} runs off centre by more than ${c.v['offset']} mm, rubs the side frame or frays at one edge.

## Adjustment
${steps([
  'Run the conveyor empty at low speed with the guards in place; adjust only at the take-up end through the access window.',
  `Turn the take-up screw on the side the belt runs towards by ${c.v['turns']}, never both sides at once.`,
  'Wait three full belt revolutions before the next adjustment.',
  `Replace the belt ${c.v['belt']} if an edge is frayed over more than 20 cm.`,
])}
`,
  },
  {
    key: 'metal-detector-test',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-3', 'line-6'],
    machineKind: 'metal detector',
    title: (c) => `Metal detector performance test, ${c.lineName}`,
    params: {
      'plant-b': { fe: '2.0', nfe: '2.5', ss: '3.0', ssOld: '3.5', every: 'every two hours' },
      'plant-c': {
        fe: '1.5',
        nfe: '2.0',
        ss: '2.5',
        every: 'at the start of each shift and after every changeover',
      },
    },
    body: (c) => `# Metal detector performance test

## Frequency
${c.v['every']}, on ${c.machines.join(', ')}.

## Test pieces
Ferrous ${c.v['fe']} mm, non-ferrous ${c.v['nfe']} mm, stainless steel ${c.v['ss']} mm (certified test wands).

## Procedure
${steps([
  'Pass each test wand through the aperture centre in a pack, leading edge first.',
  'Every wand must be detected and the pack rejected into the locked reject bin.',
  'A missed detection: stop the line and hold everything produced since the last good test.',
  'Record the result in the CCP log with time and initials.',
])}
`,
  },
  {
    key: 'label-printer-calibration',
    docType: 'work_instruction',
    prefix: 'WI',
    scopes: ['line-3', 'line-6'],
    machineKind: 'label printer',
    title: (c) => `Label printer calibration and ribbon change, ${c.lineName}`,
    params: {
      'plant-b': { ribbon: 'RB-110', darkness: '22', grade: 'B' },
      'plant-c': { ribbon: 'RB-090', darkness: '18', darknessOld: '24', grade: 'C' },
    },
    body: (c) => `# Label printer calibration

## Ribbon change
${steps([`Open the print head of ${c.machines.join(', ')} and remove the used ribbon core.`, `Thread the new ribbon ${c.v['ribbon']} following the path on the inside cover.`, 'Close the head and feed three blank labels.'])}

## Calibration
${steps([
  'Run the media calibration from the printer menu (label gap sensing).',
  `Set the darkness to ${c.v['darkness']} and print the test label.`,
  `Verify the barcode with the verifier: ANSI grade ${c.v['grade']} or better.`,
])}
`,
  },
  {
    key: 'case-packer-jam',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-6'],
    machineKind: 'case packer',
    title: () => 'Clearing a jam in the case packer',
    params: { 'plant-c': { alarm: 'CP-310', zone: 'the erector and the top sealer' } },
    body: (c) => `# Clearing a case packer jam

## Alarm
${c.v['alarm']} JAM_DETECTED on ${c.machines.join(', ')}. Jams occur most often in ${c.v['zone']}.

## Procedure
${steps([
  'Press cycle stop and wait until every axis is at rest.',
  'Open the guard door; the safety relay removes power from the drives. Never reach in through the outfeed.',
  'For work beyond the guard doors apply lockout/tagout on the main isolator and the air dump valve.',
  'Remove the crushed cases and any loose blanks; check the vacuum cups for tears.',
  'Close the guard, reset the safety relay and run one empty cycle before restarting.',
])}
`,
  },
  {
    key: 'stretch-wrapper-film',
    docType: 'work_instruction',
    prefix: 'WI',
    scopes: ['line-6'],
    machineKind: 'stretch wrapper',
    title: () => 'Stretch wrapper film roll change',
    params: { 'plant-c': { film: 'FLM-23', prestretch: '250', prestretchOld: '200' } },
    body: (c) => `# Stretch wrapper film change

## Procedure
${steps([
  `Park the carriage of ${c.machines.join(', ')} at the bottom with the service key.`,
  'Open the carriage gate and lift out the empty core.',
  `Load the new roll of film ${c.v['film']} with the tacky side facing the pallet.`,
  `Thread the film through the pre-stretch rollers and check that pre-stretch is set to ${c.v['prestretch']} %.`,
  'Clamp the film tail in the gripper and close the gate; wrap one test pallet.',
])}
`,
  },
  {
    key: 'compressed-air-leaks',
    docType: 'maintenance_manual',
    prefix: 'MM',
    scopes: ['plant-a', 'plant-b', 'plant-c'],
    machineKind: '',
    title: (c) => `Compressed air leak survey, ${c.city}`,
    params: {
      'plant-a': { pressure: '6.5', tag: 'yellow', interval: 'quarterly' },
      'plant-b': { pressure: '7.0', tag: 'orange', interval: 'monthly' },
      'plant-c': { pressure: '6.5', tag: 'yellow', interval: 'quarterly', intervalOld: 'twice a year' },
    },
    body: (c) => `# Compressed air leak survey

## Interval
${c.v['interval']}, on a production day, header pressure ${c.v['pressure']} bar.

## Procedure
${steps([
  'Walk every air drop with the ultrasonic leak detector, machine by machine.',
  `Hang a ${c.v['tag']} leak tag on each leak with its estimated loss in l/min.`,
  'Enter each tagged leak as a work order; quick couplings and push-in fittings first.',
  'Repeat the survey on repaired leaks after one week.',
])}
`,
  },
  {
    key: 'blister-sealer-heater',
    docType: 'maintenance_manual',
    prefix: 'MM',
    scopes: ['line-2', 'line-6'],
    machineKind: 'blister sealer',
    title: (c) => `Sealing plate heater replacement, blister sealer ${c.lineName}`,
    params: {
      'plant-a': { heater: 'HE-220', temp: '180', tempOld: '175', dwell: '1.2' },
      'plant-c': { heater: 'HE-240', temp: '170', dwell: '1.5' },
    },
    body: (c) => `# Sealing plate heater replacement

## Symptoms
Weak or incomplete seals on blisters from ${c.machines.join(', ')}, sealing temperature not reaching ${c.v['temp']} C, heater current zero on one phase.

## Procedure
${steps([
  'Apply lockout/tagout and let the sealing plate cool below 50 C.',
  `Remove the sealing plate and replace the cartridge heater ${c.v['heater']}; use high-temperature paste on the bore.`,
  `Restart, set ${c.v['temp']} C and dwell ${c.v['dwell']} s, and run a peel test on five blisters.`,
])}
`,
  },
];
