import { governingSteps, isHowToQuestion, stepLists, stepsMarkdown } from './procedure-steps';

const SOP = `# Clearing a part jam

## When to use
The press raises alarm A-400 (jam).

## Procedure
1. Press CYCLE STOP and wait until the platen is fully open.
2. Switch the mode selector to SETUP and apply lockout/tagout at the main disconnect
   of the press (see SOP-S-002). Verify zero energy with the START button.
3. Open the operator gate.
4. Inspect the ejector pins.
   - If an ejector pin is bent, stop and call maintenance; do not run the press.
5. Close the operator gate and switch back to AUTO.

## Records
Log the jam.
`;

describe('procedure steps', () => {
  it('recognises how-to questions and leaves others alone', () => {
    expect(isHowToQuestion('How do I clear a jam on press 2?')).toBe(true);
    expect(isHowToQuestion('What are the steps to restart the press after lockout?')).toBe(true);
    expect(isHowToQuestion('Which hook is used on the mold?')).toBe(false);
  });

  it('finds the whole ordered list under its heading, continuation lines and sub-items included', () => {
    const list = governingSteps(SOP);
    expect(list?.section).toBe('Procedure');
    expect(list?.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
    expect(list?.steps[1]?.text).toContain('Verify zero energy with the START button.');
    expect(list?.steps[3]?.text).toContain('If an ejector pin is bent, stop');
    expect(stepsMarkdown(list ?? { section: '', steps: [] }).split('\n')[0]).toBe(
      '1. Press CYCLE STOP and wait until the platen is fully open.',
    );
  });

  it('does not take a list that starts in the middle as a procedure', () => {
    expect(stepLists('## Procedure\n4. Do four.\n5. Do five.')).toEqual([]);
  });

  it('prefers the section named like a procedure over a longer list elsewhere', () => {
    const text = '## Background\n1. a\n2. b\n3. c\n4. d\n\n## Steps\n1. first\n2. second';
    expect(governingSteps(text)?.steps.map((s) => s.text)).toEqual(['first', 'second']);
  });

  it('answers a "back in service" question from the restoring section of a two-procedure document', () => {
    const loto =
      '## Sequence of lockout\n1. Notify affected employees.\n2. Shut the machine down.\n3. Lock out the isolating device.\n\n## Restoring equipment to service\n1. Check that nonessential items have been removed.\n2. Check that all employees are clear.\n3. Verify that the controls are in neutral.\n4. Remove the lockout devices and reenergize the machine.';
    expect(governingSteps(loto, 'How do I put a machine back in service after lockout?')?.section).toBe(
      'Restoring equipment to service',
    );
    expect(governingSteps(loto, 'How do I lock out a machine?')?.section).toBe('Sequence of lockout');
  });
});
