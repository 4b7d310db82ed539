import { join } from 'node:path';
import type { SourceRecord } from '../governance/governance.types';
import type { NcrTriageInput, NcrTriageOutput } from '../use-cases/ncr-triage.use-case';

export const REPO_ROOT = join(__dirname, '../../../..');
export const PROMPTS_DIR = join(REPO_ROOT, 'prompts');
export const REDACTION_DIR = join(REPO_ROOT, 'config/redaction');

/** Strings from PLANT-A's dictionary and patterns that must never reach a provider. */
export const NCR_PII = ['Maria Gonzalez', 'Gonzalez', 'B-40211', 'Acme Castings', 'maria.g@plant-a.example', '2345 6789', 'Northwind'];

export const ncrInput: NcrTriageInput = {
  ncrId: 'NCR-1042',
  title: 'Bore diameter oversize',
  description: 'Maria Gonzalez (B-40211) found the bore diameter oversize on 37 housings cast by Acme Castings Ltd for Northwind Motors. Call +49 151 2345 6789 or maria.g@plant-a.example.',
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
    containment: ['Segregate lot L-2024-0113 in stock and at receiving pending MRB review [S0, S1].', 'Check the castings received on 2024-05-01 [S2].'],
    ...overrides,
  };
}
