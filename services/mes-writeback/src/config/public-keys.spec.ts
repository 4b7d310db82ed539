import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPublicKeyPem, generateSigningKeyPair } from '@andon/governance/policy';
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
    expect(() => parsePublicKeys({ [previous.keyId]: exportPublicKeyPem(current.publicKey) })).toThrow(
      `${previous.keyId}: the key's id is ${current.keyId}`,
    );
    expect(() => parsePublicKeys({})).toThrow('no key configured');
    expect(() => parsePublicKeys({ k: 'not a pem' })).toThrow('k: not an Ed25519 public key PEM');
  });

  it('accepts the PEM form exactly as the runbook makes it (openssl, then cat old.pub.pem new.pub.pem > keys.pem)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'andon-keys-'));
    const sh = (script: string): string => execFileSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
    try {
      for (const name of ['old', 'new'])
        sh(
          `openssl genpkey -algorithm ed25519 -out ${name}.pem && openssl pkey -in ${name}.pem -pubout -out ${name}.pub.pem`,
        );
      sh('cat old.pub.pem new.pub.pem > keys.pem');
      // The runbook's way of getting a key id.
      const ids = ['old', 'new'].map((name) =>
        sh(`openssl pkey -pubin -in ${name}.pub.pem -outform DER | sha256sum | cut -c1-16`).trim(),
      );
      const config = loadWritebackConfig({
        APPROVAL_PUBLIC_KEYS: readFileSync(join(dir, 'keys.pem'), 'utf8'),
      });
      const keys = parsePublicKeys(config.APPROVAL_PUBLIC_KEYS);
      expect([...keys.keys()].sort()).toEqual([...ids].sort());
      // One key alone, as the install step's --from-file=APPROVAL_PUBLIC_KEYS=approval-signing.pub.pem gives it.
      expect([
        ...parsePublicKeys(
          loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: readFileSync(join(dir, 'new.pub.pem'), 'utf8') })
            .APPROVAL_PUBLIC_KEYS,
        ).keys(),
      ]).toEqual([ids[1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails start-up when the variable is missing, a broken PEM, or neither PEM nor a JSON object', () => {
    expect(() => loadWritebackConfig({})).toThrow('APPROVAL_PUBLIC_KEYS');
    expect(() => loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: '-----BEGIN PUBLIC KEY-----' })).toThrow(
      'APPROVAL_PUBLIC_KEYS',
    );
    const notEd25519 = execFileSync(
      'sh',
      ['-c', 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | openssl pkey -pubout'],
      { encoding: 'utf8' },
    );
    expect(() => loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: notEd25519 })).toThrow('APPROVAL_PUBLIC_KEYS');
    expect(() => loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: 'keys.pem' })).toThrow(
      'must be PEM public key blocks or a JSON object',
    );
  });

  it('defaults the accepted policy versions to v1 and reads a list', () => {
    const keys = JSON.stringify({ [current.keyId]: exportPublicKeyPem(current.publicKey) });
    expect(loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: keys }).WRITEBACK_ACCEPTED_POLICY_VERSIONS).toEqual([
      'v1',
    ]);
    expect(
      loadWritebackConfig({ APPROVAL_PUBLIC_KEYS: keys, WRITEBACK_ACCEPTED_POLICY_VERSIONS: 'v1, v2' })
        .WRITEBACK_ACCEPTED_POLICY_VERSIONS,
    ).toEqual(['v1', 'v2']);
  });
});
