import { generateSigningKeyPair } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision } from './decision-fixtures';

describe('scenario: the signing key is not trusted', () => {
  it('reports UNKNOWN_KEY naming the key id', () => {
    const trusted = generateSigningKeyPair();
    const stranger = generateSigningKeyPair();
    const signature = signDecision(approvedDecision(), stranger.privateKey);
    const result = verifyDecision(
      approvedDecision(),
      signature,
      new Map([[trusted.keyId, trusted.publicKey]]),
    );
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_KEY' });
    expect(result.ok ? '' : result.message).toContain(stranger.keyId);
  });
});
