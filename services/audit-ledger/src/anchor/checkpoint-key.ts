import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exportPrivateKeyPem,
  generateSigningKeyPair,
  keyIdOf,
  loadPrivateKey,
  loadPublicKeySet,
  type SigningKeyPair,
} from '@andon/governance/policy';
import type { Logger } from '@andon/observability';

export const DEV_CHECKPOINT_KEY_FILE = 'ledger-checkpoint-key.pem';

export interface CheckpointKeys {
  /** signs this instance's checkpoints */
  signing: SigningKeyPair;
  /** keyId -> public key: the signing key's own and LEDGER_CHECKPOINT_PUBLIC_KEYS (earlier keys) */
  verifying: ReadonlyMap<string, KeyObject>;
}

/**
 * The ledger's checkpoint key. Production passes LEDGER_CHECKPOINT_KEY_PEM (the config
 * refuses ANDON_PROFILE=production without it): every replica must sign with the same
 * key, or one replica's checkpoints would not verify on the other. For laptops and the
 * standalone demo a key is generated once and kept in the data directory, so checkpoints
 * stay verifiable across restarts.
 */
export function resolveCheckpointKeys(
  options: { pem: string | undefined; publicKeys: string | undefined; dataDir: string | undefined },
  log: Logger,
): CheckpointKeys {
  // No data directory (a module composed in a test): a key for this process only.
  const signing = options.pem
    ? pairFrom(options.pem)
    : options.dataDir
      ? devKey(options.dataDir, log)
      : generateSigningKeyPair();
  const verifying = new Map<string, KeyObject>(
    options.publicKeys ? loadPublicKeySet(options.publicKeys) : [],
  );
  verifying.set(signing.keyId, signing.publicKey);
  return { signing, verifying };
}

function devKey(dataDir: string, log: Logger): SigningKeyPair {
  const file = join(dataDir, DEV_CHECKPOINT_KEY_FILE);
  let pem: string | null = null;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (pem === null) {
    mkdirSync(dataDir, { recursive: true });
    const pair = generateSigningKeyPair();
    try {
      // 'wx': if another process created it first, theirs is the key.
      writeFileSync(file, exportPrivateKeyPem(pair.privateKey), { mode: 0o600, flag: 'wx' });
      pem = exportPrivateKeyPem(pair.privateKey);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      pem = readFileSync(file, 'utf8');
    }
  }
  const pair = pairFrom(pem);
  log.warn(
    { file, keyId: pair.keyId },
    'ledger checkpoints signed with a development key from the data directory; set LEDGER_CHECKPOINT_KEY_PEM in production',
  );
  return pair;
}

function pairFrom(pem: string): SigningKeyPair {
  const privateKey = loadPrivateKey(pem);
  return { keyId: keyIdOf(privateKey), privateKey, publicKey: createPublicKey(privateKey) };
}
