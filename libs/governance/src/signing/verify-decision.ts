import { verify, type KeyObject } from 'node:crypto';
import { actionHash, type ActionForHash } from '../canonical/action-hash';
import { parseInstant } from '../model/iso-time';
import { decisionSigningBytes, type DecisionForSigning, type DecisionSignature } from './decision';

export type DecisionVerification =
  | { ok: true; keyId: string }
  | { ok: false; code: 'BAD_SIGNATURE' | 'UNKNOWN_KEY' | 'HASH_MISMATCH' | 'EXPIRED'; message: string };

export interface VerifyDecisionOptions {
  /** When given, the decision must bind this exact action. */
  action?: ActionForHash;
  /** When given, a decision at or past its expiresAt is refused. */
  now?: Date;
}

/**
 * Checks run from cheapest-to-forge to most contextual: the signature must come from a
 * known key and cover these exact decision bytes before the action binding or the
 * clock are even considered, so a failure names the first thing that is wrong.
 */
export function verifyDecision(
  decision: DecisionForSigning,
  signature: DecisionSignature,
  publicKeys: ReadonlyMap<string, KeyObject>,
  options: VerifyDecisionOptions = {},
): DecisionVerification {
  const key = publicKeys.get(signature.keyId);
  if (!key)
    return { ok: false, code: 'UNKNOWN_KEY', message: `no trusted public key with id ${signature.keyId}` };
  if (signature.algorithm !== 'Ed25519') {
    return {
      ok: false,
      code: 'BAD_SIGNATURE',
      message: `unsupported algorithm ${String(signature.algorithm)}`,
    };
  }

  let valid: boolean;
  try {
    valid = verify(null, decisionSigningBytes(decision), key, Buffer.from(signature.signature, 'base64url'));
  } catch (err) {
    // Malformed decision fields cannot have been what was signed.
    return {
      ok: false,
      code: 'BAD_SIGNATURE',
      message: `decision cannot be verified: ${(err as Error).message}`,
    };
  }
  if (!valid) return { ok: false, code: 'BAD_SIGNATURE', message: 'signature does not match the decision' };

  if (options.action) {
    const expected = actionHash(options.action);
    if (expected !== decision.actionHash || options.action.actionId !== decision.actionId) {
      return {
        ok: false,
        code: 'HASH_MISMATCH',
        message: `decision binds action ${decision.actionId} hash ${decision.actionHash}, got ${options.action.actionId} hash ${expected}`,
      };
    }
  }

  if (options.now) {
    const now = options.now.getTime();
    if (now >= parseInstant(decision.expiresAt, 'expiresAt')) {
      return { ok: false, code: 'EXPIRED', message: `decision expired at ${decision.expiresAt}` };
    }
    if (options.action && now >= parseInstant(options.action.expiresAt, 'action.expiresAt')) {
      return { ok: false, code: 'EXPIRED', message: `action expired at ${options.action.expiresAt}` };
    }
  }
  return { ok: true, keyId: signature.keyId };
}
