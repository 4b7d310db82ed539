import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  keyIdOf,
  loadPrivateKey,
  loadPublicKeysFromEnv,
  loadSigningKeyFromEnv,
} from './ed25519-keys';

describe('Ed25519 keys', () => {
  it('derives the key id as the first 16 hex of sha256 over the SPKI public key', () => {
    const pair = generateSigningKeyPair();
    const der = pair.publicKey.export({ format: 'der', type: 'spki' });
    expect(pair.keyId).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    expect(keyIdOf(pair.privateKey)).toBe(pair.keyId);
  });

  it('round-trips the private key through PEM', () => {
    const pair = generateSigningKeyPair();
    expect(keyIdOf(loadPrivateKey(exportPrivateKeyPem(pair.privateKey)))).toBe(pair.keyId);
  });

  it('loads keys from one-line env values with escaped newlines', () => {
    const a = generateSigningKeyPair();
    const b = generateSigningKeyPair();
    const oneLine = (pem: string) => pem.replace(/\n/g, '\\n');
    const env = {
      ANDON_SIGNING_PRIVATE_KEY: oneLine(exportPrivateKeyPem(a.privateKey)),
      ANDON_SIGNING_PUBLIC_KEYS: oneLine(exportPublicKeyPem(a.publicKey) + exportPublicKeyPem(b.publicKey)),
    };
    expect(loadSigningKeyFromEnv(env).keyId).toBe(a.keyId);
    expect([...loadPublicKeysFromEnv(env).keys()].sort()).toEqual([a.keyId, b.keyId].sort());
  });

  it('names the missing variable', () => {
    expect(() => loadSigningKeyFromEnv({})).toThrow(/ANDON_SIGNING_PRIVATE_KEY/);
    expect(() => loadPublicKeysFromEnv({})).toThrow(/ANDON_SIGNING_PUBLIC_KEYS/);
  });

  it('refuses keys that are not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadPrivateKey(pem)).toThrow(/Ed25519/);
  });
});
