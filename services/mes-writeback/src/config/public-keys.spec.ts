import { exportPublicKeyPem, generateSigningKeyPair } from '@andon/governance';
import { parsePublicKeys } from './public-keys';
import { loadWritebackConfig } from './writeback.config';

describe('APPROVAL_PUBLIC_KEYS', () => {
  const current = generateSigningKeyPair();
  const previous = generateSigningKeyPair();

  it('accepts several keys (rotation) given as keyId -> PEM JSON with \\n escapes', () => {
    const env = {
      APPROVAL_PUBLIC_KEYS: JSON.stringify({
        [current.keyId]: exportPublicKeyPem(current.publicKey).replace(/\n/g, '\\n'),
        [previous.keyId]: exportPublicKeyPem(previous.publicKey),
      }),
    };
    const keys = parsePublicKeys(loadWritebackConfig(env).APPROVAL_PUBLIC_KEYS);
    expect([...keys.keys()].sort()).toEqual([current.keyId, previous.keyId].sort());
  });

  it('refuses a key filed under another key id, and an empty map', () => {
    expect(() => parsePublicKeys({ [previous.keyId]: exportPublicKeyPem(current.publicKey) })).toThrow(`${previous.keyId}: the key's id is ${current.keyId}`);
    expect(() => parsePublicKeys({})).toThrow('no key configured');
    expect(() => parsePublicKeys({ k: 'not a pem' })).toThrow('k: not an Ed25519 public key PEM');
  });

  it('fails start-up when the variable is missing or not a JSON object', () => {
    expect(() => loadWritebackConfig({})).toThrow('APPROVAL_PUBLIC_KEYS');
    expect(() => loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: '-----BEGIN PUBLIC KEY-----' })).toThrow('must be a JSON object');
  });

  it('defaults the accepted policy versions to v1 and reads a list', () => {
    const keys = JSON.stringify({ [current.keyId]: exportPublicKeyPem(current.publicKey) });
    expect(loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: keys }).WRITEBACK_ACCEPTED_POLICY_VERSIONS).toEqual(['v1']);
    expect(loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: keys, WRITEBACK_ACCEPTED_POLICY_VERSIONS: 'v1, v2' }).WRITEBACK_ACCEPTED_POLICY_VERSIONS).toEqual(['v1', 'v2']);
  });
});
