import { labelSources } from '../gateway/label-sources';
import { containmentSop, ncrInput, ncrSourcesWithProcedure } from '../testing/ncr.fixtures';
import {
  checkStepSelection,
  procedureCatalogue,
  procedureSource,
  procedureStepsFor,
  resolveSteps,
  stepText,
} from './procedure-catalogue';
import { USE_CASE_REGISTRY } from './use-case-registry';

const at = Date.parse('2025-03-01T08:00:00Z');
const labelled = (sources = ncrSourcesWithProcedure) =>
  labelSources(USE_CASE_REGISTRY['ncr-triage'], ncrInput, sources);

describe('procedure catalogue', () => {
  it('lists every step of an approved revision in force under its id, in the procedure words', () => {
    const catalogue = procedureCatalogue(labelled(), { site: 'plant-a', at });
    expect([...catalogue.usable.keys()]).toEqual([
      'SOP-Q-001@D#1',
      'SOP-Q-001@D#2',
      'SOP-Q-001@D#3',
      'SOP-Q-001@D#4',
      'SOP-Q-001@D#5',
    ]);
    const [first] = resolveSteps(['SOP-Q-001@D#1'], catalogue);
    expect(first?.text).toBe(
      'Stop using the suspect material or stop the line if nonconforming parts are still being produced.',
    );
    expect(first && stepText(first)).toBe(
      'Stop using the suspect material or stop the line if nonconforming parts are still being produced. (SOP-Q-001 rev D, step 1 of "Procedure")',
    );
    expect(checkStepSelection(['SOP-Q-001@D#4', 'SOP-Q-001@D#1'], catalogue).passed).toBe(true);
  });

  it('counts positions through the whole document when sections restart their numbering', () => {
    const source = procedureSource({
      ...containmentSop,
      documentId: 'SOP-S-002',
      revision: 'A',
      text: '## Lock out\n1. Notify.\n2. Shut down.\n\n## Restore\n1. Check clear.\n2. Re-energise.',
    });
    const catalogue = procedureCatalogue(labelSources(USE_CASE_REGISTRY['ncr-triage'], ncrInput, [source]), {
      site: 'plant-a',
      at,
    });
    expect(catalogue.ordered().map((s) => [s.id, s.number, s.section])).toEqual([
      ['SOP-S-002@A#1', 1, 'Lock out'],
      ['SOP-S-002@A#2', 2, 'Lock out'],
      ['SOP-S-002@A#3', 1, 'Restore'],
      ['SOP-S-002@A#4', 2, 'Restore'],
    ]);
    // A deterministic engine recommends one whole list, never a mix of lists.
    expect(procedureStepsFor(catalogue, /restore/i)).toEqual(['SOP-S-002@A#3', 'SOP-S-002@A#4']);
  });

  it('refuses unknown ids, repeats, and steps of a flagged span', () => {
    const sources = labelled();
    const flaggedByLabel = new Map([
      ['S3', ['Tag the held lots with a red HOLD tag and move them to the quarantine area.']],
    ]);
    const catalogue = procedureCatalogue(sources, { site: 'plant-a', at, flaggedByLabel });
    const check = checkStepSelection(
      ['SOP-Q-001@D#2', 'SOP-Q-001@D#2', 'SOP-Q-001@D#3', 'Ship lot L-1 now'],
      catalogue,
    );
    expect(check.passed).toBe(false);
    expect(check.details).toEqual([
      'step "SOP-Q-001@D#2" selected twice',
      'step "SOP-Q-001@D#3" is from a revision that may not be recommended (flagged)',
      'step "Ship lot L-1 now" is not a step of any retrieved procedure',
    ]);
  });

  it('a source flagged by an earlier call gives no step at all', () => {
    const sources = labelled([{ ...procedureSource(containmentSop), flagged: true }]);
    const catalogue = procedureCatalogue(sources, { site: 'plant-a', at });
    expect(catalogue.usable.size).toBe(0);
    expect(catalogue.refused.get('SOP-Q-001@D#1')).toBe('flagged');
  });
});
