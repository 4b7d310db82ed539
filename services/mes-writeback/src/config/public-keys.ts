import type { KeyObject } from 'node:crypto';
import { keyIdOf, loadPublicKey } from '@andon/governance/policy';

/**
 * The approval service's decision keys, keyId -> PEM. Key ids are derived from the key
 * itself (governance keyIdOf), so a map entry whose id does not match its key is a
 * configuration mistake that would make every decision signed by it UNKNOWN_KEY: it
 * stops start-up instead.
 */
export function parsePublicKeys(map: Readonly<Record<string, string>>): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const problems: string[] = [];
  for (const [keyId, pem] of Object.entries(map)) {
    let key: KeyObject;
    try {
      key = loadPublicKey(pem);
    } catch (err) {
      problems.push(`${keyId}: not an Ed25519 public key PEM (${(err as Error).message})`);
      continue;
    }
    const actual = keyIdOf(key);
    if (actual !== keyId) problems.push(`${keyId}: the key's id is ${actual}`);
    else keys.set(keyId, key);
  }
  if (problems.length > 0) throw new Error(`APPROVAL_PUBLIC_KEYS: ${problems.join('; ')}`);
  if (keys.size === 0) throw new Error('APPROVAL_PUBLIC_KEYS: no key configured; nothing could ever execute');
  return keys;
}
