import { parsePolicySet, type PolicySource } from './parse-policy-set';
import { PolicyValidationError } from './policy-validation-error';

const file = (name: string, text: string): PolicySource => ({ name: `policies/v9/${name}`, text });

function problemsOf(sources: PolicySource[]): Array<{ file: string; field: string; message: string }> {
  try {
    parsePolicySet('v9', sources);
  } catch (err) {
    if (err instanceof PolicyValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected the policy to be refused');
}

const rule = (body: string) => `rules:\n  - id: r1\n    description: test rule\n${body}`;

describe('policy validation', () => {
  it('refuses autoApprove on a non-informational class, naming file and field', () => {
    const problems = problemsOf([
      file(
        'bad.yaml',
        rule(
          '    match: { actionType: mes.hold_lot, riskClass: transaction_execution }\n    autoApprove: true\n    expiry: PT1H\n',
        ),
      ),
    ]);
    expect(problems).toContainEqual({
      file: 'policies/v9/bad.yaml',
      field: 'rules[0].autoApprove',
      message: 'autoApprove is only allowed for informational actions, not transaction_execution',
    });
  });

  it('refuses an attempt to switch off separation of duties', () => {
    const problems = problemsOf([
      file(
        'sod.yaml',
        rule(
          '    match: { actionType: mes.post_shift_log, riskClass: decision_support }\n    expiry: PT1H\n    require: { approvers: 1, roles: [production_supervisor], separationOfDuties: false }\n',
        ),
      ),
    ]);
    expect(problems[0]).toMatchObject({
      field: 'rules[0].require.separationOfDuties',
      message: expect.stringMatching(/always enforced/),
    });
  });

  it('holds transaction_execution to its floors (2 approvers, re-auth, reason)', () => {
    const problems = problemsOf([
      file(
        'weak.yaml',
        rule(
          '    match: { actionType: mes.hold_lot, riskClass: transaction_execution }\n    expiry: PT8H\n    require: { approvers: 1, roles: [quality_engineer] }\n',
        ),
      ),
    ]);
    expect(problems.map((p) => p.field).sort()).toEqual([
      'rules[0].require.approvers',
      'rules[0].require.reasonRequired',
      'rules[0].require.reauthentication',
    ]);
  });

  it('names bad durations, unknown roles, unknown keys and YAML syntax errors', () => {
    const problems = problemsOf([
      file(
        'a.yaml',
        rule(
          '    match: { actionType: mes.x, riskClass: decision_support }\n    expiry: P1M\n    require: { approvers: 1, roles: [wizard] }\n    color: blue\n',
        ),
      ),
      file('b.yaml', 'rules:\n  - id: [unclosed\n'),
    ]);
    const fields = problems.map((p) => `${p.file} ${p.field}`);
    expect(fields).toContain('policies/v9/a.yaml rules[0].expiry');
    expect(fields).toContain('policies/v9/a.yaml rules[0].require.roles[0]');
    expect(fields).toContain('policies/v9/a.yaml rules[0]');
    expect(problems.find((p) => p.file === 'policies/v9/b.yaml')?.field).toMatch(/^line \d+$/);
  });

  it('refuses duplicate rule ids and identical matches across files', () => {
    const body = rule(
      '    match: { actionType: mes.post_shift_log, riskClass: decision_support }\n    expiry: PT1H\n    require: { approvers: 1, roles: [production_supervisor] }\n',
    );
    const problems = problemsOf([file('a.yaml', body), file('b.yaml', body)]);
    expect(problems.map((p) => p.message)).toEqual([
      'rule id "r1" is already used in policies/v9/a.yaml',
      'same match as rule r1 (policies/v9/a.yaml); one of them could never apply',
    ]);
  });

  it('refuses an auto-approve glob and a line without a site', () => {
    const problems = problemsOf([
      file(
        'a.yaml',
        rule(
          '    match: { actionType: "mes.publish_*", riskClass: informational, line: line-1 }\n    autoApprove: true\n    expiry: P1D\n',
        ),
      ),
    ]);
    expect(problems.map((p) => p.field).sort()).toEqual(['rules[0].match.actionType', 'rules[0].match.line']);
  });

  it('accepts a valid rule and resolves durations', () => {
    const set = parsePolicySet('v9', [
      file(
        'ok.yaml',
        rule(
          '    match: { actionType: "mes.*", riskClass: decision_support }\n    expiry: P1DT2H\n    require: { approvers: 1, roles: [production_supervisor], reauthentication: PT5M }\n',
        ),
      ),
    ]);
    expect(set.rules[0]).toMatchObject({
      expiryMs: 26 * 3_600_000,
      require: { reauthenticationMaxAgeMs: 300_000, signatureMeanings: [['APPROVAL']] },
    });
    expect(set.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
