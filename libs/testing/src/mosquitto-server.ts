import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTestPki } from './test-pki';
import { connect } from 'mqtt';
import { freePort } from './free-port';
import type { ServerRecord } from './harness-state';

/** The user the password listener knows (a throwaway broker on loopback; the password is not a secret). */
export const MQTT_TEST_USER = { username: 'andon-test', password: 'andon-test-password' } as const;

/**
 * A real MQTT CONNECT (MQTT 5) that must be answered by CONNACK; the client is ended at once.
 * A TCP port that merely accepts is not enough.
 */
export async function mqttAnswers(url: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const client = connect(url, {
      protocolVersion: 5,
      connectTimeout: 1_000,
      reconnectPeriod: 0,
      clientId: `andon-probe-${process.pid}-${Date.now()}`,
    });
    let answered = false;
    // The first event decides; ending the client afterwards emits `close`, which must not.
    const done = (ok: boolean): void => {
      if (answered) return;
      answered = true;
      resolve(ok);
      client.end(true);
    };
    client.once('connect', () => done(true));
    client.once('error', () => done(false));
    client.once('close', () => done(false));
  });
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate (CN andon-ingest). */
function writeTlsFiles(dir: string): Record<string, string> {
  const files = writeTestPki(dir, { caCn: 'andon-test-ca', serverCn: '127.0.0.1', clientCn: 'andon-ingest' });
  // Mosquitto started as root drops to the `mosquitto` user before reading them: throwaway keys, readable.
  for (const file of readdirSync(dir)) chmodSync(join(dir, file), 0o644);
  return { ...files };
}

/**
 * Debian's Mosquitto 2.0 run with our own config file, three listeners on free ports:
 * `plain` (anonymous, the address tests get), `password` (username/password from a
 * password file) and `tls` (TLS, client certificate required, its CN is the username).
 * In-memory persistence: sessions survive a client's reconnect, which is what the MQTT
 * source's restart test needs; queues are unbounded so an offline session keeps all.
 */
export async function prepareLocalMosquitto(
  runDir: string,
  binary: string,
  version: string,
): Promise<ServerRecord> {
  const home = join(runDir, 'mosquitto');
  mkdirSync(home, { recursive: true });
  const [plain, password, tls] = [await freePort(), await freePort(), await freePort()];
  const files = writeTlsFiles(join(home, 'tls'));
  const passwordFile = join(home, 'passwords');
  // mosquitto_passwd ships in the same Debian package; -c creates, -b takes the password as an argument.
  execFileSync(
    'mosquitto_passwd',
    ['-c', '-b', passwordFile, MQTT_TEST_USER.username, MQTT_TEST_USER.password],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  chmodSync(passwordFile, 0o644);
  const config = [
    'per_listener_settings true',
    'persistence false',
    'max_queued_messages 0',
    'max_inflight_messages 100',
    'set_tcp_nodelay true',
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
    `listener ${plain} 127.0.0.1`,
    'allow_anonymous true',
    `listener ${password} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwordFile}`,
    `listener ${tls} 127.0.0.1`,
    'allow_anonymous false',
    `cafile ${files.ca}`,
    `certfile ${files.serverCert}`,
    `keyfile ${files.serverKey}`,
    'require_certificate true',
    'use_identity_as_username true',
    '',
  ].join('\n');
  const configFile = join(home, 'mosquitto.conf');
  writeFileSync(configFile, config);
  return {
    name: 'mosquitto',
    version,
    mode: 'local',
    address: `mqtt://127.0.0.1:${plain}`,
    command: binary,
    args: ['-c', configFile],
    cwd: home,
    logFile: join(runDir, 'mosquitto.log'),
    ports: { plain, password, tls },
    dirs: { home, tls: join(home, 'tls') },
  };
}

/** What a test needs to reach the run's broker on each of its listeners. */
export interface MqttTestBroker {
  /** Anonymous listener (ANDON_TEST_MQTT_URL). */
  url: string;
  /** Username/password listener (see MQTT_TEST_USER), when the harness started the broker. */
  passwordUrl?: string;
  /** TLS listener requiring a client certificate, with the files to reach it. */
  tls?: { url: string; ca: string; cert: string; key: string };
}

/** Reads the extra listeners from the harness state file (only a broker the harness started has them). */
export function mqttListenersFromState(stateFile: string | undefined): Omit<MqttTestBroker, 'url'> {
  if (!stateFile) return {};
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      servers?: Record<string, ServerRecord | undefined>;
    };
    const record = state.servers?.['mosquitto'];
    if (!record) return {};
    const tlsDir = record.dirs['tls'] ?? '';
    const password = record.ports['password'];
    const tls = record.ports['tls'];
    return {
      ...(password ? { passwordUrl: `mqtt://127.0.0.1:${password}` } : {}),
      ...(tls
        ? {
            tls: {
              url: `mqtts://127.0.0.1:${tls}`,
              ca: join(tlsDir, 'ca.crt'),
              cert: join(tlsDir, 'client.crt'),
              key: join(tlsDir, 'client.key'),
            },
          }
        : {}),
    };
  } catch {
    return {};
  }
}
