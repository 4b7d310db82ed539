import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPrivateKeyPem, generateSigningKeyPair } from '@andon/governance/policy';
import { createLogger } from '@andon/observability';
import { DEV_SIGNING_KEY_FILE, resolveSigningKey } from './signing-key';

describe('resolveSigningKey', () => {
  const log = createLogger('approval-test', 'silent');
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'approval-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the configured PEM (one-line, escaped newlines) over anything on disk', () => {
    const pair = generateSigningKeyPair();
    const oneLine = exportPrivateKeyPem(pair.privateKey).replace(/\n/g, '\\n');
    expect(resolveSigningKey({ pem: oneLine, dataDir: dir }, log).keyId).toBe(pair.keyId);
  });

  it('generates a development key once, owner-readable only, and reuses it after a restart', () => {
    const first = resolveSigningKey({ pem: undefined, dataDir: dir }, log);
    const file = join(dir, DEV_SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = resolveSigningKey({ pem: undefined, dataDir: dir }, log);
    expect(again.keyId).toBe(first.keyId);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('refuses to run without a key source', () => {
    expect(() => resolveSigningKey({ pem: undefined, dataDir: undefined }, log)).toThrow(
      /APPROVAL_SIGNING_KEY_PEM/,
    );
  });

  it('never generates a key in production, even with a data directory', () => {
    expect(() => resolveSigningKey({ pem: undefined, dataDir: dir, production: true }, log)).toThrow(
      /NODE_ENV=production/,
    );
    expect(existsSync(join(dir, DEV_SIGNING_KEY_FILE))).toBe(false);
  });
});
