import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC_KEY, openssl, writeTestPki } from '@andon/testing';

export interface TestPki {
  dir: string;
  /** PEM file paths */
  files: {
    ca: string;
    serverCert: string;
    serverKey: string;
    clientCert: string;
    clientKey: string;
    otherClientCert: string;
    otherClientKey: string;
  };
  pem(file: string): string;
  dispose(): void;
}

/**
 * A throw-away PKI made with the openssl binary, as a plant's would be: a CA, a server
 * certificate for 127.0.0.1, a client certificate for mes-writeback it issued, and one
 * client certificate from another (self-signed) CA that the server must refuse.
 */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'andon-pki-'));
  const issued = writeTestPki(
    dir,
    { caCn: 'andon-test-plant-ca', serverCn: 'mes.plant.test', clientCn: 'mes-writeback' },
    '1',
  );
  // Same name, another (self-signed) issuer: the server must refuse it.
  openssl(
    dir,
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'other.key',
    '-out',
    'other.crt',
    '-days',
    '1',
    '-subj',
    '/CN=mes-writeback',
  );
  return {
    dir,
    files: { ...issued, otherClientCert: join(dir, 'other.crt'), otherClientKey: join(dir, 'other.key') },
    pem: (file) => readFileSync(file, 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
