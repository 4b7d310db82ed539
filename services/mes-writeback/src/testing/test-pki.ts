import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const ssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=andon-test-plant-ca',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=mes.plant.test');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '1',
    '-extfile',
    'server.ext',
  );
  ssl('req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=mes-writeback');
  ssl(
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.crt',
    '-days',
    '1',
  );
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'other.key',
    '-out',
    'other.crt',
    '-days',
    '1',
    '-subj',
    '/CN=mes-writeback',
  );
  const at = (name: string) => join(dir, name);
  return {
    dir,
    files: {
      ca: at('ca.crt'),
      serverCert: at('server.crt'),
      serverKey: at('server.key'),
      clientCert: at('client.crt'),
      clientKey: at('client.key'),
      otherClientCert: at('other.crt'),
      otherClientKey: at('other.key'),
    },
    pem: (file) => readFileSync(file, 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
