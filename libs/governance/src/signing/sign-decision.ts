import { sign, type KeyObject } from 'node:crypto';
import { decisionSigningBytes, type DecisionForSigning, type DecisionSignature } from './decision';
import { keyIdOf } from './ed25519-keys';

export function signDecision(decision: DecisionForSigning, privateKey: KeyObject): DecisionSignature {
  // Ed25519 hashes internally; node requires `null` as the digest algorithm for it.
  const signature = sign(null, decisionSigningBytes(decision), privateKey);
  return { algorithm: 'Ed25519', keyId: keyIdOf(privateKey), signature: signature.toString('base64url') };
}
