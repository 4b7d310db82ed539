import { generateSigningKeyPair } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision, holdLotAction } from './decision-fixtures';

describe('scenario: the decision is used after it expired', () => {
  const keys = generateSigningKeyPair();
  const trusted = new Map([[keys.keyId, keys.publicKey]]);
  const decision = approvedDecision();
  const signature = signDecision(decision, keys.privateKey);

  it('is valid one millisecond before expiry', () => {
    expect(
      verifyDecision(decision, signature, trusted, { now: new Date('2025-06-02T17:59:59.999Z') }).ok,
    ).toBe(true);
  });

  it('reports EXPIRED at the expiry instant and after', () => {
    expect(
      verifyDecision(decision, signature, trusted, { now: new Date('2025-06-02T18:00:00.000Z') }),
    ).toMatchObject({ ok: false, code: 'EXPIRED' });
    expect(
      verifyDecision(decision, signature, trusted, { now: new Date('2025-06-05T00:00:00.000Z') }),
    ).toMatchObject({ ok: false, code: 'EXPIRED' });
  });

  it('reports EXPIRED when the action expired before the decision window', () => {
    const action = { ...holdLotAction(), expiresAt: '2025-06-02T12:00:00.000Z' };
    const early = approvedDecision(action);
    const sig = signDecision(early, keys.privateKey);
    expect(
      verifyDecision(early, sig, trusted, { action, now: new Date('2025-06-02T13:00:00.000Z') }),
    ).toMatchObject({ ok: false, code: 'EXPIRED' });
  });
});
