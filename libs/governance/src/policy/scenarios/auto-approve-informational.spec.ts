import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: an informational report is auto-approved', () => {
  const { active } = seedPolicies();
  const report = action({ actionType: 'mes.publish_report', riskClass: 'informational' });

  it('is auto_approved with no signatures, naming the rule', () => {
    const result = evaluate(active, report, [], minutesAfterProposal(1));
    expect(result.state).toBe('auto_approved');
    expect(result.policy).toEqual({ id: 'publish-report', version: 'v1' });
    expect(result.expiresAt).toBe('2025-06-03T10:00:00.000Z');
  });

  it('ignores signatures offered anyway', () => {
    const result = evaluate(
      active,
      report,
      [signature('u-ps-1', ['production_supervisor'], 1)],
      minutesAfterProposal(2),
    );
    expect(result.state).toBe('auto_approved');
    expect(result.ignored[0]?.reasons[0]?.code).toBe('NO_SIGNATURE_NEEDED');
  });

  it('does not auto-approve a hold dressed up as informational (no rule matches, fail closed)', () => {
    const disguised = action({ actionType: 'mes.hold_lot', riskClass: 'informational' });
    const result = evaluate(active, disguised, [], minutesAfterProposal(1));
    expect(result.state).toBe('rejected');
    expect(result.reasons[0]).toMatch(/no rule in policy v1 covers mes.hold_lot \(informational\)/);
  });
});
