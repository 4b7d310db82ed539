import { checkApprover } from '../check-approver';
import { evaluate } from '../evaluate';
import { action, minutesAfterProposal, seedPolicies, signature } from './policy-fixtures';

describe('scenario: an approver scoped to some lines of the action site', () => {
  const { active } = seedPolicies();
  const onLine2 = action({ site: 'plant-a', line: 'line-2' });
  const lineOneSupervisor = {
    userId: 'u-sup-1',
    roles: ['production_supervisor' as const],
    sites: ['plant-a'],
    lines: ['plant-a/line-1'],
  };

  it('may not sign an action on another line of the same site, and is told why', () => {
    const check = checkApprover(active, onLine2, lineOneSupervisor, [], minutesAfterProposal(3));
    expect(check).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'LINE_OUT_OF_SCOPE',
          message: 'u-sup-1 is scoped to lines plant-a/line-1, not plant-a/line-2',
        },
      ],
    });
  });

  it('a stored signature from outside the line scope does not count towards the two approvals', () => {
    const result = evaluate(
      active,
      onLine2,
      [
        signature('u-qe-1', ['quality_engineer'], 2, { meaning: 'RESPONSIBILITY' }),
        signature('u-sup-1', ['production_supervisor'], 3, { sites: ['plant-a'], lines: ['plant-a/line-1'] }),
      ],
      minutesAfterProposal(4),
    );
    expect(result.state).toBe('pending');
    expect(result.ignored.map((i) => i.reasons.map((r) => r.code))).toEqual([['LINE_OUT_OF_SCOPE']]);
  });

  it('counts on a line it names, or on any line of a site given as "<site>/*"', () => {
    const both = (lines: string[]) =>
      evaluate(
        active,
        onLine2,
        [
          signature('u-qe-1', ['quality_engineer'], 2, { meaning: 'RESPONSIBILITY' }),
          signature('u-sup-1', ['production_supervisor'], 3, { sites: ['plant-a'], lines }),
        ],
        minutesAfterProposal(4),
      ).state;
    expect(both(['plant-a/line-1', 'plant-a/line-2'])).toBe('approved');
    expect(both(['plant-a/*'])).toBe('approved');
    expect(both(['plant-b/*', 'plant-a/line-3'])).toBe('pending');
  });

  it('may not sign a site-wide action (not tied to a line); a signer without a line scope, or with "<site>/*", may', () => {
    const siteWide = action({ site: 'plant-a', line: '' });
    expect(checkApprover(active, siteWide, lineOneSupervisor, [], minutesAfterProposal(3))).toMatchObject({
      allowed: false,
      reasons: [
        {
          code: 'LINE_OUT_OF_SCOPE',
          message: 'u-sup-1 is scoped to lines plant-a/line-1 and this action is not tied to a line',
        },
      ],
    });
    const { lines: _lines, ...siteSupervisor } = lineOneSupervisor;
    expect(checkApprover(active, siteWide, siteSupervisor, [], minutesAfterProposal(3)).allowed).toBe(true);
    // "<site>/*" is the whole site, site-wide actions included.
    expect(
      checkApprover(
        active,
        siteWide,
        { ...lineOneSupervisor, lines: ['plant-a/*'] },
        [],
        minutesAfterProposal(3),
      ).allowed,
    ).toBe(true);
    expect(
      checkApprover(
        active,
        siteWide,
        { ...lineOneSupervisor, lines: ['plant-b/*', 'plant-a/line-1'] },
        [],
        minutesAfterProposal(3),
      ).allowed,
    ).toBe(false);
  });

  it('the site scope is still checked first: a line scope does not widen the sites', () => {
    const check = checkApprover(
      active,
      action({ site: 'plant-b', line: 'line-1' }),
      lineOneSupervisor,
      [],
      minutesAfterProposal(3),
    );
    expect(check).toMatchObject({ allowed: false, reasons: [{ code: 'SITE_OUT_OF_SCOPE' }] });
  });
});
