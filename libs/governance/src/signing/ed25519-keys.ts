import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sha256Hex } from '../canonical/sha256';

export interface SigningKeyPair {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** First 16 hex chars of sha256 over the DER (SPKI) public key: stable across PEM formatting. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  assertEd25519(publicKey);
  return sha256Hex(publicKey.export({ format: 'der', type: 'spki' })).slice(0, 16);
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

export function exportPrivateKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function exportPublicKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'spki' }).toString();
}

export function loadPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(unescapeNewlines(pem));
  assertEd25519(key);
  return key;
}

export function loadPublicKey(pem: string): KeyObject {
  const key = createPublicKey(unescapeNewlines(pem));
  assertEd25519(key);
  return key;
}

/**
 * Several PEM public keys in one string (concatenated blocks) become the key-id map a
 * verifier accepts; rotation means publishing the new key next to the old one until
 * every decision signed with the old key has expired.
 */
export function loadPublicKeySet(pems: string | string[]): Map<string, KeyObject> {
  const blocks = (Array.isArray(pems) ? pems : [pems]).flatMap(
    (text) =>
      unescapeNewlines(text).match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [],
  );
  if (blocks.length === 0) throw new Error('no PEM public key block found');
  const keys = new Map<string, KeyObject>();
  for (const block of blocks) {
    const key = loadPublicKey(block);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

type Env = Record<string, string | undefined>;

/** Reads the signing key from the environment (PEM; "\n" escapes allowed for one-line env files). */
export function loadSigningKeyFromEnv(
  env: Env = process.env,
  variable = 'ANDON_SIGNING_PRIVATE_KEY',
): SigningKeyPair {
  const pem = env[variable];
  if (!pem) throw new Error(`${variable} is not set (an Ed25519 private key in PKCS#8 PEM)`);
  const privateKey = loadPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

export function loadPublicKeysFromEnv(
  env: Env = process.env,
  variable = 'ANDON_SIGNING_PUBLIC_KEYS',
): Map<string, KeyObject> {
  const pems = env[variable];
  if (!pems) throw new Error(`${variable} is not set (one or more Ed25519 public keys in SPKI PEM)`);
  return loadPublicKeySet(pems);
}

function unescapeNewlines(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
}
