import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import {
  exportPrivateKeyPem,
  generateSigningKeyPair,
  keyIdOf,
  loadPrivateKey,
  type SigningKeyPair,
} from '@andon/governance/policy';
import type { Logger } from '@andon/observability';

export const DEV_SIGNING_KEY_FILE = 'approval-signing-key.pem';

/**
 * The decision signing key. Production passes it in APPROVAL_SIGNING_KEY_PEM (from a
 * secret store). For laptops and the standalone demo a key is generated once and kept
 * under the data directory so decisions stay verifiable across restarts.
 */
export function resolveSigningKey(
  options: { pem: string | undefined; dataDir: string | undefined; production?: boolean },
  log: Logger,
): SigningKeyPair {
  if (options.pem) return pairFrom(options.pem);
  // Several pods would each invent their own key, and every decision signed by a key the
  // write-back does not know is refused: production must be given the key.
  if (options.production ?? process.env['NODE_ENV'] === 'production') {
    throw new Error(
      'APPROVAL_SIGNING_KEY_PEM is required when NODE_ENV=production (no development key is generated)',
    );
  }
  if (!options.dataDir) {
    throw new Error(
      'APPROVAL_SIGNING_KEY_PEM is not set and there is no ANDON_DATA_DIR to keep a development key in',
    );
  }
  const file = join(options.dataDir, DEV_SIGNING_KEY_FILE);
  const existing = readIfPresent(file);
  if (existing !== null) {
    const pair = pairFrom(existing);
    log.warn(
      { file, keyId: pair.keyId },
      'using the development decision signing key from the data directory; set APPROVAL_SIGNING_KEY_PEM in production',
    );
    return pair;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const pair = generateSigningKeyPair();
  try {
    // 'wx' fails if another process created the file first; then theirs is the key.
    writeFileSync(file, exportPrivateKeyPem(pair.privateKey), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return pairFrom(readFileSync(file, 'utf8'));
    throw err;
  }
  log.warn(
    { file, keyId: pair.keyId },
    'generated a development decision signing key (dev only); set APPROVAL_SIGNING_KEY_PEM in production',
  );
  return pair;
}

function pairFrom(pem: string): SigningKeyPair {
  const privateKey = loadPrivateKey(pem);
  return { keyId: keyIdOf(privateKey), privateKey, publicKey: createPublicKey(privateKey) };
}

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
