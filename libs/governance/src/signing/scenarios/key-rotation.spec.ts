import { exportPublicKeyPem, generateSigningKeyPair, loadPublicKeySet } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision } from './decision-fixtures';

describe('scenario: the signing key is rotated', () => {
  it('accepts decisions signed by the old and the new key while both are published', () => {
    const oldKey = generateSigningKeyPair();
    const newKey = generateSigningKeyPair();
    const published = loadPublicKeySet(
      exportPublicKeyPem(oldKey.publicKey) + exportPublicKeyPem(newKey.publicKey),
    );
    expect([...published.keys()].sort()).toEqual([oldKey.keyId, newKey.keyId].sort());

    const byOld = signDecision(approvedDecision(), oldKey.privateKey);
    const byNew = signDecision(approvedDecision(), newKey.privateKey);
    expect(verifyDecision(approvedDecision(), byOld, published)).toEqual({ ok: true, keyId: oldKey.keyId });
    expect(verifyDecision(approvedDecision(), byNew, published)).toEqual({ ok: true, keyId: newKey.keyId });
  });

  it('refuses the old key once it is withdrawn', () => {
    const oldKey = generateSigningKeyPair();
    const newKey = generateSigningKeyPair();
    const byOld = signDecision(approvedDecision(), oldKey.privateKey);
    const afterWithdrawal = loadPublicKeySet(exportPublicKeyPem(newKey.publicKey));
    expect(verifyDecision(approvedDecision(), byOld, afterWithdrawal)).toMatchObject({
      ok: false,
      code: 'UNKNOWN_KEY',
    });
  });
});
