import { steps, type Family } from './family-template';

/** Molding and assembly tasks (plants A and C). */
export const MOLDING_ASSEMBLY_FAMILIES: readonly Family[] = [
  {
    key: 'mold-changeover',
    docType: 'work_instruction',
    prefix: 'WI',
    scopes: ['line-1', 'line-5'],
    machineKind: 'injection molding machine',
    title: (c) => `Mold changeover on ${c.lineName} (${c.product})`,
    params: {
      'plant-a': {
        mold: 'MLD-100-A',
        preheat: '70',
        preheatOld: '60',
        torque: '180',
        torqueOld: '160',
        articles: '5',
      },
      'plant-c': { mold: 'MLD-100-C', preheat: '65', preheatOld: '65', torque: '200', articles: '10' },
    },
    body: (c) => `# Mold changeover on ${c.lineName}

## Scope
Changing the ${c.product} mold ${c.v['mold']} on the injection molding machines ${c.machines.join(', ')} at ${c.city}.

## Preparation
${steps([`Stage mold ${c.v['mold']}, the clamp set and the lifting eye bolts on the changeover cart.`, `Preheat the mold to ${c.v['preheat']} C on the mold heater before it goes into the machine.`, 'Check the water couplings and O-rings; replace cracked O-rings.'])}

## Changeover
${steps([
  'Run the screw empty and park the nozzle; switch the machine to setup mode.',
  'Apply lockout/tagout to the hydraulic and heater circuits.',
  'Lift the old mold out with the overhead crane using the rated eye bolts only.',
  `Place the new mold, centre it on the locating ring and tighten the clamps to ${c.v['torque']} Nm in a cross pattern.`,
  'Connect the cooling circuits in the colour order on the mold plate; check for leaks at 4 bar.',
  `Load the ${c.product} setting sheet from the recipe library; do not type set points by hand.`,
])}

## First article
${steps([`Produce ${c.v['articles']} shots and reject them.`, 'Measure the next part against the first-article checklist and get the sign-off of the shift lead.'])}
`,
  },
  {
    key: 'barrel-overtemp',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-1', 'line-5'],
    machineKind: 'injection molding machine',
    title: (c) => `Barrel heater zone over-temperature (alarm ${c.v['alarm']}) on ${c.lineName}`,
    params: {
      'plant-a': { alarm: 'A-410', limit: '245', limitOld: '250', wait: '15', tc: 'TC-K-120' },
      'plant-c': { alarm: 'E-7310', limit: '240', wait: '20', tc: 'TC-K-150' },
    },
    body: (c) => `# Barrel heater zone over-temperature

## When this applies
Alarm ${c.v['alarm']} (BARREL_TEMP_HI) on ${c.machines.join(' or ')}: a heater zone of the barrel is above ${c.v['limit']} C.

## Immediate actions
${steps([
  'Stop the injection cycle with the cycle stop button; do not use the emergency stop unless there is smoke or fire.',
  'Purge the barrel into the purge pot so resin does not degrade in the hot zone.',
  `Keep the heaters on hold and wait ${c.v['wait']} minutes for the zone to settle.`,
  'If the zone stays above the limit, switch the heater band of that zone off and call maintenance.',
])}

## Maintenance check
${steps([`Check the zone thermocouple ${c.v['tc']} for a loose connector or a damaged sheath.`, 'Check the solid-state relay of the zone; a relay stuck closed keeps heating.', 'Record the event and the resin lot in the shift log.'])}
`,
  },
  {
    key: 'hydraulic-oil-service',
    docType: 'maintenance_manual',
    prefix: 'MM',
    scopes: ['line-1', 'line-5'],
    machineKind: 'injection molding machine',
    title: (c) => `Hydraulic oil and filter service, molding machines ${c.lineName}`,
    params: {
      'plant-a': { oil: 'HLP 46', filter: 'HF-3321', interval: '4000', intervalOld: '3000', litres: '380' },
      'plant-c': { oil: 'HLP 68', filter: 'HF-3340', interval: '5000', litres: '420' },
    },
    body: (c) => `# Hydraulic oil and filter service

## Interval
Every ${c.v['interval']} operating hours, or when the filter clogging indicator (alarm HYD_FILTER) shows red.

## Materials
- Hydraulic oil ${c.v['oil']}, ${c.v['litres']} litres per machine
- Return-line filter element ${c.v['filter']}
- Oil sample bottle and label

## Procedure
${steps([
  `Apply lockout/tagout on ${c.machines.join(' or ')} and relieve the accumulator pressure to 0 bar.`,
  'Take an oil sample from the tank mid-level before draining and send it to the lab for particle count (ISO 4406).',
  'Drain the tank through the drain valve into the waste oil bowser.',
  `Replace the return-line filter element with ${c.v['filter']}; lubricate the seal with clean oil.`,
  `Fill with ${c.v['oil']} through the filler filter cart only, never from an open drum.`,
  'Run the pump at low pressure for ten minutes and bleed the circuit at the highest point.',
])}
`,
  },
  {
    key: 'chiller-low-flow',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-1', 'line-5'],
    machineKind: 'mold cooling chiller',
    title: (c) => `Chiller low flow alarm ${c.v['alarm']} on ${c.lineName}`,
    params: {
      'plant-a': { alarm: 'CH-101', flow: '40', strainer: 'STR-25', setpoint: '14' },
      'plant-c': { alarm: 'CH-101', flow: '35', strainer: 'STR-32', setpoint: '12' },
    },
    body: (c) => `# Chiller low flow

## Alarm
${c.v['alarm']} FLOW_LO on the mold cooling chiller ${c.machines.join(', ')}: supply flow below ${c.v['flow']} l/min. Molded parts will warp and stick in the mold if production continues.

## Response
${steps([
  'Put the molding machines on cycle stop; leave the mold heaters on.',
  'Check that every manifold valve on the mold side is open.',
  `Check the differential pressure over the strainer ${c.v['strainer']}; above 0.8 bar, switch to the standby strainer and clean the fouled one.`,
  'Check the tank level; top up with treated water only.',
  `Restart and confirm the supply temperature returns to ${c.v['setpoint']} C within ten minutes.`,
])}
`,
  },
  {
    key: 'spindle-bearing',
    docType: 'maintenance_manual',
    prefix: 'MM',
    scopes: ['line-2'],
    machineKind: 'CNC machining centre',
    title: () => 'Spindle bearing replacement, CNC machining centre',
    params: { 'plant-a': { bearing: 'BRG-6204-2RS', vib: '4.5', vibOld: '7.1', preload: '12' } },
    body: (c) => `# Spindle bearing replacement

## Symptoms
Alarm A-200 (VIB_HI) on ${c.machines.join(', ')}, rising spindle noise, chatter marks on machined faces. Replace when vibration exceeds ${c.v['vib']} mm/s RMS at the spindle nose.

## Parts
Two angular contact bearings ${c.v['bearing']}, spindle seal kit SK-40, bearing grease GR-15.

## Procedure
${steps([
  'Apply lockout/tagout and remove the tool from the spindle.',
  'Remove the spindle cartridge with the extraction fixture; never hammer on the shaft.',
  `Press out the old bearings and fit the new ${c.v['bearing']} pair back to back.`,
  `Set the preload to ${c.v['preload']} um with the preload nut and lock it.`,
  'Run in: 10 minutes each at 2000, 4000 and 6000 rpm; measure vibration after run-in.',
])}
`,
  },
  {
    key: 'screwdriver-torque',
    docType: 'work_instruction',
    prefix: 'WI',
    scopes: ['line-2'],
    machineKind: 'screwdriving station',
    title: () => 'Daily torque verification of the screwdriving station',
    params: { 'plant-a': { torque: '2.4', tolerance: '0.1', toleranceOld: '0.15', transducer: 'TQ-5' } },
    body: (c) => `# Daily torque verification

## Purpose
Confirms the spindles of ${c.machines.join(', ')} deliver ${c.v['torque']} Nm on the PX-200 housing screws before the first shift.

## Procedure
${steps([
  `Mount the torque transducer ${c.v['transducer']} in the test fixture.`,
  'Run five tightening cycles per spindle from the station test menu.',
  `Every reading must be within ${c.v['torque']} Nm plus or minus ${c.v['tolerance']} Nm.`,
  'A reading outside the band: lock the spindle out in the HMI, label it and inform the maintenance technician.',
  'Record the readings in the torque log; the supervisor signs the log daily.',
])}
`,
  },
  {
    key: 'vision-reject',
    docType: 'sop',
    prefix: 'SOP',
    scopes: ['line-2', 'line-6'],
    machineKind: 'vision inspection station',
    title: (c) => `Vision inspection rejects on ${c.lineName}`,
    params: {
      'plant-a': { alarm: 'VIS-021', rate: '2', rateOld: '3', lens: 'LNS-16' },
      'plant-c': { alarm: 'VIS-021', rate: '1.5', lens: 'LNS-12' },
    },
    body: (c) => `# Vision inspection rejects

## Trigger
Alarm ${c.v['alarm']} (reject rate above ${c.v['rate']} % over 15 minutes) from ${c.machines.join(', ')}.

## Procedure
${steps([
  'Look at the last ten reject images on the station screen and note the defect class.',
  'Clean the lens and the light dome with a lint-free cloth; dust gives false rejects.',
  'Run the golden-sample test: the good sample must pass and the three bad samples must fail.',
  'If the golden samples pass and rejects continue, quarantine the rejected parts and call the quality engineer.',
  `If the golden samples fail, check the focus and replace the lens ${c.v['lens']} if scratched.`,
])}

## Never
Never widen the inspection tolerances to bring the reject rate down.
`,
  },
];
