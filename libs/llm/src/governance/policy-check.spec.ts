import { checkPolicy, findForbiddenInstructions } from './policy-check';

describe('policy check: instructions the plant never delegates', () => {
  it.each([
    ['Increase the oven temperature to 185 °C to recover throughput [S1].', 'setpoint-change'],
    ['Recommend raising the zone 3 setpoint by 5 degrees.', 'setpoint-change'],
    ['Operators should adjust the spindle speed to 9000 rpm.', 'setpoint-change'],
    ['Set the hold pressure to 800 bar.', 'setpoint-change'],
    ['Bypass the door interlock so the cell can run during the changeover.', 'interlock-bypass'],
    ['Temporarily jumper the safety relay on press 4.', 'interlock-bypass'],
    ['Consider muting the light curtain for the manual load.', 'interlock-bypass'],
    ['Release the quality hold on lot L-2291 [S2].', 'quality-hold-release'],
    ['Lift the QA hold and ship the parts.', 'quality-hold-release'],
    ['Disposition the housings as use-as-is.', 'quality-hold-release'],
    ['Approve the proposed action for the supervisor.', 'approval-on-behalf'],
    ['Skip the first article inspection to save time.', 'skip-inspection'],
  ])('flags "%s" as %s', (text, category) => {
    const findings = findForbiddenInstructions(text);
    expect(findings.map((f) => f.category)).toContain(category);
    expect(checkPolicy([text]).passed).toBe(false);
  });

  it.each([
    'Do not bypass the door interlock [S3].',
    'Never release the quality hold before the MRB decision [S2].',
    'The interlock was bypassed by the night shift, which is under investigation [S4].',
    'The oven temperature drifted to 192 °C at 03:10 [S1].',
    'Quality placed 120 housings on hold [S2].',
    'Ask the process engineer to review the setpoint history [S1].',
    'Raise a work order for the hydraulic pump [S5].',
    'Request MRB review of lot L-2291 before any disposition [S2].',
    'Replace the worn light curtain bracket under a work order [S3].',
    'Verify the spindle speed against the routing [S1].',
  ])('allows "%s"', (text) => {
    expect(findForbiddenInstructions(text)).toEqual([]);
    expect(checkPolicy([text])).toEqual({ name: 'policy', passed: true, details: [] });
  });

  it('judges each clause: a negation elsewhere in the sentence does not excuse the instruction', () => {
    expect(findForbiddenInstructions('Do not wait for maintenance; bypass the interlock now.')).toHaveLength(
      1,
    );
  });
});

describe('procedure wording that contains or prohibits is not an instruction to release or bypass', () => {
  it.each([
    'Tag the held lots with a red HOLD tag and move them to the quarantine area.',
    'Never bypass, jumper or tape over an interlock, guard switch or light curtain.',
  ])('%s', (sentence) => {
    expect(findForbiddenInstructions(sentence)).toEqual([]);
  });

  it.each([
    'Move the held lots out of quarantine to the shipping lane.',
    'Release the quarantined parts to shipping.',
    'Bypass, then jumper the interlock.',
  ])('still flags %s', (sentence) => {
    expect(findForbiddenInstructions(sentence)).not.toEqual([]);
  });
});
