import { generateSigningKeyPair } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision, BEFORE_EXPIRY, holdLotAction } from './decision-fixtures';

describe('scenario: the action was changed after approval', () => {
  const keys = generateSigningKeyPair();
  const trusted = new Map([[keys.keyId, keys.publicKey]]);
  const signature = signDecision(approvedDecision(), keys.privateKey);

  it('reports HASH_MISMATCH when the MES payload differs from what was approved', () => {
    const tampered = holdLotAction();
    tampered.action.mesCall.path = '/lots/LOT-2292/hold';
    expect(
      verifyDecision(approvedDecision(), signature, trusted, { action: tampered, now: BEFORE_EXPIRY }),
    ).toMatchObject({
      ok: false,
      code: 'HASH_MISMATCH',
    });
  });

  it('reports HASH_MISMATCH when the risk class was lowered', () => {
    const tampered = { ...holdLotAction(), riskClass: 'informational' as const };
    expect(verifyDecision(approvedDecision(), signature, trusted, { action: tampered })).toMatchObject({
      ok: false,
      code: 'HASH_MISMATCH',
    });
  });

  it('accepts the untouched action (the check is not vacuous)', () => {
    expect(
      verifyDecision(approvedDecision(), signature, trusted, { action: holdLotAction(), now: BEFORE_EXPIRY })
        .ok,
    ).toBe(true);
  });
});
