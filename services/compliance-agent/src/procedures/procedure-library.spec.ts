import { join } from 'node:path';
import { REPO_ROOT } from '@andon/agent-kit/testing';
import { ProcedureLibrary, parseProcedure } from './procedure-library';

describe('procedure library', () => {
  const library = ProcedureLibrary.load(join(REPO_ROOT, 'knowledge'));

  it('numbers steps through the sections and joins wrapped lines', () => {
    const b = library.revision('WI-A-007', 'B');
    expect(b?.steps.map((s) => s.stepNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(b?.steps[5]).toEqual({
      stepNo: 6,
      section: 'Changeover',
      text: 'Mount the PX-100 mold and torque the clamp bolts to 95 Nm in a cross pattern, then re-check every bolt at 95 Nm.',
    });
  });

  it('picks the approved revision in force at the given time', () => {
    expect(library.approvedAt('WI-A-007', Date.parse('2026-01-01'))?.revision).toBe('A');
    expect(library.approvedAt('WI-A-007', Date.parse('2026-07-01'))?.revision).toBe('B');
    expect(library.approvedAt('SOP-A-030', Date.parse('2027-01-01'))).toBeUndefined();
  });

  it('reads camelCase front matter and ignores files without numbered steps', () => {
    const doc = parseProcedure(
      '---\ndocumentId: X-1\nrevision: 2\nstatus: approved\neffectiveFrom: 2025-01-01\n---\n# X\n1. Do it.\n',
    );
    expect(doc).toMatchObject({
      documentId: 'X-1',
      revision: '2',
      status: 'approved',
      effectiveFrom: Date.parse('2025-01-01'),
      steps: [{ stepNo: 1, text: 'Do it.' }],
    });
    expect(parseProcedure('---\nid: H-1\nrevision: A\n---\nA history with no steps.\n')).toBeUndefined();
  });
});
