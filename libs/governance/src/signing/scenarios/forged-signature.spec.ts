import { must } from '../../test-support/must';
import { generateSigningKeyPair } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision } from './decision-fixtures';

describe('scenario: a forged signature is refused', () => {
  const trusted = generateSigningKeyPair();
  const keys = new Map([[trusted.keyId, trusted.publicKey]]);

  it('refuses a signature made by another key that claims the trusted key id', () => {
    const attacker = generateSigningKeyPair();
    const forged = { ...signDecision(approvedDecision(), attacker.privateKey), keyId: trusted.keyId };
    expect(verifyDecision(approvedDecision(), forged, keys)).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
  });

  it('refuses a genuine signature with one bit flipped', () => {
    const genuine = signDecision(approvedDecision(), trusted.privateKey);
    const bytes = Buffer.from(genuine.signature, 'base64url');
    bytes[10] = must(bytes[10]) ^ 0x01;
    const flipped = { ...genuine, signature: bytes.toString('base64url') };
    expect(verifyDecision(approvedDecision(), flipped, keys)).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
  });

  it('refuses garbage and an empty signature', () => {
    const genuine = signDecision(approvedDecision(), trusted.privateKey);
    expect(verifyDecision(approvedDecision(), { ...genuine, signature: '' }, keys)).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
    expect(
      verifyDecision(approvedDecision(), { ...genuine, signature: 'not-a-signature' }, keys),
    ).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });
});
