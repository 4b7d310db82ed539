import { startApprovalHarness, type ApprovalHarness } from '../../testing/approval-harness';
import { proposal } from '../../testing/proposals';
import { approval, failure, sign } from '../../testing/signing-helpers';

// With an identity provider, an e-signature's re-authentication is a fresh sign-in there
// (the token's auth_time), checked against the policy's window (PT5M for a hold), never a
// password against a local file.
describe('re-authentication by OIDC step-up', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  const authTime = (msAgo: number) => Math.floor((h.clock.now().getTime() - msAgo) / 1000);

  it('accepts a sign-in within the window and records it as oidc-step-up', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    const signed = await sign(
      h,
      'qe.anna',
      action.actionId,
      approval({ password: '', idpAuthTime: authTime(60_000) }),
    );
    expect(signed.record.signatures).toEqual([
      expect.objectContaining({ userId: 'qe.anna', reauthMethod: 'oidc-step-up' }),
    ]);
  });

  it('refuses a sign-in older than the window and records nothing', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    const refused = await failure(
      sign(h, 'qe.anna', action.actionId, approval({ password: '', idpAuthTime: authTime(20 * 60_000) })),
    );
    expect(refused).toMatchObject({ status: 401, code: 'REAUTH_STALE' });
    expect((await h.actions.get(action.actionId))?.signatures).toEqual([]);
  });

  it('refuses a signature with neither a password nor a step-up sign-in', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await h.propose(action);
    expect(await failure(sign(h, 'qe.anna', action.actionId, approval({ password: '' })))).toMatchObject({
      status: 401,
      code: 'REAUTH_REQUIRED',
    });
  });
});
