import { join } from 'node:path';
import type { SourceRecord } from '../governance/governance.types';
import type { NcrTriageInput, NcrTriageOutput } from '../use-cases/ncr-triage.use-case';
import { procedureSource, type ProcedureRevisionText } from '../use-cases/procedure-catalogue';

export const REPO_ROOT = join(__dirname, '../../../..');
export const PROMPTS_DIR = join(REPO_ROOT, 'prompts');
export const REDACTION_DIR = join(REPO_ROOT, 'config/redaction');

/** Strings from PLANT-A's dictionary and patterns that must never reach a provider. */
export const NCR_PII = [
  'Maria Gonzalez',
  'Gonzalez',
  'B-40211',
  'Acme Castings',
  'maria.g@plant-a.example',
  '2345 6789',
  'Northwind',
];

export const ncrInput: NcrTriageInput = {
  ncrId: 'NCR-1042',
  title: 'Bore diameter oversize',
  description:
    'Maria Gonzalez (B-40211) found the bore diameter oversize on 37 housings cast by Acme Castings Ltd for Northwind Motors. Call +49 151 2345 6789 or maria.g@plant-a.example.',
  partNumber: '7781-220',
  lot: 'L-2024-0113',
  quantityAffected: 37,
  lotSize: 400,
  characteristic: 'bore diameter',
  specNominal: 42.0,
  specTolerance: 0.05,
  measuredValue: 42.09,
  safetyCritical: false,
  customerNotified: false,
};

/**
 * The enterprise containment SOP (knowledge/enterprise/sop-q-001-lot-hold-ncr.md), approved
 * and in force for every site (from a date before the specs' clocks).
 */
export const containmentSop: ProcedureRevisionText = {
  documentId: 'SOP-Q-001',
  revision: 'D',
  title: 'Lot hold and containment for a nonconformance (NCR)',
  status: 'approved',
  effectiveFrom: '2025-01-15',
  site: '',
  text: [
    '## Procedure',
    '1. Stop using the suspect material or stop the line if nonconforming parts are still',
    '   being produced.',
    '2. Put every suspect lot on hold in the MES (status QUALITY HOLD) and record the lot',
    '   ids in the NCR.',
    '3. Tag the held lots with a red HOLD tag and move them to the quarantine area.',
    '4. Trace the batch genealogy one level up and one level down and hold those lots too.',
    '5. Notify the quality engineer of the shift within 30 minutes.',
  ].join('\n'),
};

export const ncrSources: SourceRecord[] = [
  {
    id: 'qms:IR-5521',
    kind: 'inspection',
    title: 'Inspection report IR-5521',
    text: 'CMM check of 40 samples from lot L-2024-0113: 37 above the upper limit, maximum 42.11 mm.',
    data: { samples: 40, failed: 37, maxMm: 42.11 },
  },
  {
    id: 'mes:note-889',
    kind: 'operator-note',
    title: 'Receiving note',
    text: 'Castings arrived warm from the supplier. Cast date 2024-05-01.',
  },
];

/** The same records with the containment SOP retrieved too (S3): its steps may be selected. */
export const ncrSourcesWithProcedure: SourceRecord[] = [...ncrSources, procedureSource(containmentSop)];

/** What a well-behaved model answers on the redacted request. */
export function goodNcrAnswer(overrides: Partial<NcrTriageOutput> = {}): NcrTriageOutput {
  return {
    category: 'dimensional',
    severity: 'major',
    dispositionHint: 'mrb-review',
    summary:
      'NCR-1042: «PERSON_1» found an oversize bore on 37 housings of part 7781-220 from «SUPPLIER_1» [S0]. ' +
      'The CMM check failed 37 of 40 samples with a maximum of 42.11 mm [S1]. ' +
      'The measured 42.09 mm is outside 42.0 ± 0.05 by more than a quarter of the tolerance, so the severity is major [S0].',
    // No procedure among ncrSources: no step to select (ncrSourcesWithProcedure has SOP-Q-001).
    containmentSteps: [],
    ...overrides,
  };
}
