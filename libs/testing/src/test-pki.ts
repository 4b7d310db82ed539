import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPkiFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** Runs the openssl binary in `dir`; its diagnostics surface only on failure. */
export function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** EC P-256 key and request options shared by every throw-away certificate. */
export const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'] as const;

/**
 * A throw-away PKI made with the openssl binary, as a plant's would be: a CA, a server
 * certificate for 127.0.0.1 (and localhost) and a client certificate with `clientCn`,
 * both issued by that CA. Written to `dir` (created if missing).
 */
export function writeTestPki(
  dir: string,
  names: { caCn: string; serverCn: string; clientCn: string },
  days = '2',
): TestPkiFiles {
  mkdirSync(dir, { recursive: true });
  const issue = (name: string, cn: string, ext?: string): void => {
    openssl(dir, 'req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl(
      dir,
      ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'],
      ...['-out', `${name}.crt`, '-days', days, ...(ext ? ['-extfile', ext] : [])],
    );
  };
  openssl(
    dir,
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    days,
    '-subj',
    `/CN=${names.caCn}`,
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  issue('server', names.serverCn, 'server.ext');
  issue('client', names.clientCn);
  const at = (name: string): string => join(dir, name);
  return {
    ca: at('ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
  };
}
