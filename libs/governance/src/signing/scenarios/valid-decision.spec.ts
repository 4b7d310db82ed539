import { generateSigningKeyPair } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision, BEFORE_EXPIRY, holdLotAction } from './decision-fixtures';

describe('scenario: a correctly signed decision over the exact action verifies', () => {
  it('returns ok with the key id', () => {
    const keys = generateSigningKeyPair();
    const signature = signDecision(approvedDecision(), keys.privateKey);
    expect(signature.keyId).toBe(keys.keyId);
    const result = verifyDecision(approvedDecision(), signature, new Map([[keys.keyId, keys.publicKey]]), {
      action: holdLotAction(),
      now: BEFORE_EXPIRY,
    });
    expect(result).toEqual({ ok: true, keyId: keys.keyId });
  });

  it('does not depend on the order the decision object was built in', () => {
    const keys = generateSigningKeyPair();
    const d = approvedDecision();
    const signature = signDecision(d, keys.privateKey);
    const rebuilt = {
      expiresAt: d.expiresAt,
      decidedAt: d.decidedAt,
      approverSignatures: d.approverSignatures,
      policy: { version: 'v1', id: 'hold-lot' },
      outcome: d.outcome,
      actionHash: d.actionHash,
      actionId: d.actionId,
      decisionId: d.decisionId,
    };
    expect(verifyDecision(rebuilt, signature, new Map([[keys.keyId, keys.publicKey]])).ok).toBe(true);
  });
});
