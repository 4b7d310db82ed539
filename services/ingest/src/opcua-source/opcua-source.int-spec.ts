import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlarmSeverity,
  AlarmState,
  HeaderNames,
  PlantEvent,
  ReadingQuality,
  type MachineAlarm,
} from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { protocolMapSchema } from '../protocols/plant-mapping/protocol-map.schema';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import {
  collect,
  counterValue,
  startHarness,
  type CollectedRecord,
  type Harness,
} from '../test-support/ingest-fixtures';
import { OpcuaTestServer } from './__fixtures__/opcua-test-server';
import { OpcuaHeaders } from './opcua-dead-letter';
import type { OpcuaSource } from './opcua-source';
import { opcuaSourceConfigSchema } from './opcua-source.config';
import { createOpcuaSource } from './opcua-source.factory';

// The OPC UA source against a real node-opcua server (a child process, opcua-test-server.mjs):
// data changes become historian readings, counts and downtime; Alarms & Conditions events
// machine alarms; what the map lacks is dead-lettered and listed; the session survives a
// server restart; and the server never receives a request that writes, calls or changes nodes.

/** Every OPC UA service request a read-only client may send (Part 4); anything else fails the spec. */
const READ_ONLY_REQUESTS = new Set([
  'GetEndpointsRequest',
  'FindServersRequest',
  'CreateSessionRequest',
  'ActivateSessionRequest',
  'CloseSessionRequest',
  'CreateSubscriptionRequest',
  'ModifySubscriptionRequest',
  'SetPublishingModeRequest',
  'DeleteSubscriptionsRequest',
  'TransferSubscriptionsRequest',
  'CreateMonitoredItemsRequest',
  'DeleteMonitoredItemsRequest',
  'PublishRequest',
  'RepublishRequest',
  'ReadRequest',
  'BrowseRequest',
  'BrowseNextRequest',
  'TranslateBrowsePathsToNodeIdsRequest',
]);

const P = 'ns=1;s=Press1';
/** The server takes anonymous sessions and this user (checked when a session names it). */
const USER = { name: 'andon', password: 's3cret' };
const maps = (server: string): ProtocolMaps =>
  new ProtocolMaps([
    protocolMapSchema.parse({
      site: 'plant-a',
      version: 1,
      opcua: [
        {
          server,
          line: 'line-1',
          machine: 'a-l1-m1',
          nodes: {
            [`${P}.Temperature`]: { event: 'historian_reading', tag: 'a-l1-m1.temperature', unit: 'degC' },
            [`${P}.GoodCount`]: { event: 'production_count' },
            [`${P}.Jammed`]: { event: 'downtime', reasonCode: 'D01' },
            [`${P}.Label`]: { event: 'historian_reading', tag: 'a-l1-m1.label' },
            [`${P}.NotOnTheServer`]: { event: 'historian_reading', tag: 'a-l1-m1.ghost' },
          },
          alarms: { [P]: { Overtemperature: { alarmCode: 'A-100', severity: 'HIGH' } } },
          browse: [P],
        },
      ],
    }),
  ]);

describe('OPC UA source against a real node-opcua server (read-only)', () => {
  // Every PKI folder (keys and certificates node-opcua makes) lives here and is removed after.
  const pki = mkdtempSync(join(tmpdir(), 'andon-opcua-spec-'));
  let h: Harness;
  let plant: CollectedRecord[];
  let dlq: CollectedRecord[];
  let server: OpcuaTestServer;
  let source: OpcuaSource;
  const requestsSeen: Array<Record<string, number>> = [];

  const events = (type: string): PlantEvent[] =>
    plant.filter((r) => r.headers[HeaderNames.EventType] === type).map((r) => PlantEvent.decode(r.value));
  const readings = (): Array<{ value: number; quality: ReadingQuality }> =>
    events('historian_reading').flatMap((e) =>
      e.payload?.$case === 'historianReading'
        ? [{ value: e.payload.value.value, quality: e.payload.value.quality }]
        : [],
    );

  beforeAll(async () => {
    h = await startHarness({ settings: { INGEST_MAX_SKEW_MS: 24 * 3_600_000 } });
    plant = (await collect(h.bus, h.topics.plantEvents, 'opcua-plant')).records;
    dlq = (await collect(h.bus, h.topics.deadLetters, 'opcua-dlq')).records;
    server = await OpcuaTestServer.start({ pkiDir: join(pki, 'server'), user: USER });
  }, 90_000);

  afterAll(async () => {
    await source?.stop();
    await server?.stop();
    await h?.close();
    rmSync(pki, { recursive: true, force: true });
  });

  it('turns data changes and alarm events into plant events; dead-letters and lists what the map lacks', async () => {
    const config = opcuaSourceConfigSchema.parse({
      INGEST_OPCUA_URL: `opc.tcp://127.0.0.1:${server.port}`,
      INGEST_OPCUA_SERVER_ID: 'press-line',
      INGEST_OPCUA_SECURITY_MODE: 'None',
      INGEST_OPCUA_SECURITY_POLICY: 'None',
      INGEST_OPCUA_PKI_DIR: join(pki, 'client'),
      INGEST_OPCUA_PUBLISHING_INTERVAL_MS: '50',
      INGEST_OPCUA_SAMPLING_INTERVAL_MS: '10',
      INGEST_OPCUA_RECONNECT_MIN_MS: '100',
      INGEST_OPCUA_RECONNECT_MAX_MS: '500',
    });
    source = await createOpcuaSource(h.ports, config, { maps: maps('press-line') });
    const subscribed = source.when('subscribed');
    source.start();
    await subscribed;

    // The first notification of each monitored item is its current value.
    await waitFor(() => readings().some((r) => r.value === 20), {
      description: 'initial Temperature reading',
    });
    await waitFor(() => events('downtime_end').length === 1 && events('production_count').length === 1, {
      description: 'initial Jammed (false) and GoodCount',
    });
    await server.set('Temperature', 31.5);
    await waitFor(() => readings().some((r) => r.value === 31.5), { description: 'the 31.5 reading' });
    await server.fail('Temperature');
    await waitFor(() => readings().some((r) => r.quality === ReadingQuality.BAD), {
      description: 'the Bad value as a BAD reading',
    });
    await server.set('Jammed', true);
    await server.alarm('Overtemperature', true);
    await server.alarm('DoorOpen', true);
    await server.alarm('Overtemperature', false);
    const alarms = (): MachineAlarm[] =>
      events('machine_alarm').flatMap((e) => (e.payload?.$case === 'machineAlarm' ? [e.payload.value] : []));
    const raisedThenCleared = (): boolean => {
      const states = alarms().map((a) => a.state);
      const raised = states.indexOf(AlarmState.RAISED);
      return raised >= 0 && states.indexOf(AlarmState.CLEARED, raised) > raised;
    };
    await waitFor(() => raisedThenCleared() && events('downtime_start').length === 1, {
      description: 'Overtemperature raised and cleared, Jammed started',
    });
    const raised = alarms().find((a) => a.state === AlarmState.RAISED);
    expect([raised?.alarmCode, raised?.severity, raised?.machineId]).toEqual([
      'overtemperature',
      AlarmSeverity.HIGH,
      'a-l1-m1',
    ]);
    // A-100 is the site code; the code map names it (DoorOpen, unmapped, never became an alarm).
    expect(alarms().every((a) => a.alarmCode === 'overtemperature')).toBe(true);
    expect(raised?.alarmInstanceId).toBe(`${P}/Overtemperature`);

    // Refused: the String Label (a reading needs a number) after the pipeline's validation,
    // the unmapped DoorOpen condition before it; both with the notification as received.
    await waitFor(() => dlq.length >= 2, { description: 'Label and DoorOpen dead-lettered' });
    const byNode = (node: string): CollectedRecord[] =>
      dlq.filter((r) => r.headers[OpcuaHeaders.Node] === node);
    const label = byNode(`${P}.Label`)[0];
    expect(label?.headers[HeaderNames.DlqMessage]).toMatch(/^schema_invalid/);
    expect(JSON.parse(label?.value.toString() ?? '{}')).toMatchObject({
      type: 'data',
      nodeId: `${P}.Label`,
      value: 'ok',
    });
    const door = byNode(P).find((r) => (r.headers[HeaderNames.DlqMessage] ?? '').includes('DoorOpen'));
    expect(door?.headers[HeaderNames.DlqMessage]).toMatch(/^unmapped_metric/);
    expect(door?.headers[IngestHeaders.Origin]).toBe('opcua');

    // The work list: variables under the browsed object that no node entry names, and the condition.
    const unmapped = await UnmappedPathsRepository.open(h.store);
    await waitFor(
      async () => (await unmapped.list({ site: 'plant-a' })).some((u) => u.path.endsWith('/DoorOpen')),
      {
        description: 'DoorOpen listed',
      },
    );
    const paths = (await unmapped.list({ site: 'plant-a' }))
      .filter((u) => u.protocol === 'opcua')
      .map((u) => u.path);
    expect(paths).toEqual(expect.arrayContaining([`press-line/${P}.Vibration`, `press-line/${P}/DoorOpen`]));
    expect(paths).not.toContain(`press-line/${P}.Temperature`);
    // A mapped node the server does not have is reported, not silently ignored.
    expect(source.failedMonitors().get(`${P}.NotOnTheServer`)).toBe('BadNodeIdUnknown');

    // Conservation: every notification ended in exactly one of published, deduped, dead-lettered.
    await source.idle();
    const units = await counterValue(h.metrics, 'andon_ingest_opcua_units_total', {});
    const outcomes = async (outcome: string): Promise<number> =>
      (await counterValue(h.metrics, 'andon_ingest_events_total', { outcome, format: 'json' })) +
      (await counterValue(h.metrics, 'andon_ingest_events_total', { outcome, format: 'opcua' }));
    expect(units).toBe(
      (await outcomes('published')) + (await outcomes('deduped')) + (await outcomes('dead_lettered')),
    );
    expect(units).toBe(plant.length + dlq.length);
  }, 90_000);

  it('reconnects after the server restarts, re-creates its subscription and goes on', async () => {
    requestsSeen.push(await server.requests());
    const port = server.port;
    const lost = source.when('disconnected');
    await server.kill();
    await lost;
    const back = source.when('subscribed');
    server = await OpcuaTestServer.start({ pkiDir: join(pki, 'server'), port, user: USER });
    await back;
    await server.set('Temperature', 42.25);
    await waitFor(() => readings().some((r) => r.value === 42.25), {
      timeoutMs: 30_000,
      description: 'a value after the restart',
    });
  }, 90_000);

  it('opens a SignAndEncrypt session with a trusted server certificate and a username, and is refused a wrong password', async () => {
    // The restarted server (same PKI folder, so the same certificate) and the client's PKI folder: their keys are made.
    const secure = server;
    const clientPki = join(pki, 'client');
    // Trust by placing the server's certificate in trusted/certs (TRUST_UNKNOWN_SERVER stays false).
    mkdirSync(join(clientPki, 'trusted', 'certs'), { recursive: true });
    copyFileSync(secure.certificateFile ?? '', join(clientPki, 'trusted', 'certs', 'test-server.pem'));
    const secretFile = join(pki, 'opcua-password');
    const secureSource = async (password: string): Promise<OpcuaSource> => {
      writeFileSync(secretFile, `${password}\n`);
      return createOpcuaSource(
        h.ports,
        opcuaSourceConfigSchema.parse({
          INGEST_OPCUA_URL: `opc.tcp://127.0.0.1:${secure.port}`,
          INGEST_OPCUA_SERVER_ID: 'secure-line',
          INGEST_OPCUA_PKI_DIR: clientPki,
          INGEST_OPCUA_USERNAME: 'andon',
          INGEST_OPCUA_PASSWORD_FILE: secretFile,
          INGEST_OPCUA_PUBLISHING_INTERVAL_MS: '50',
          INGEST_OPCUA_RECONNECT_MIN_MS: '100',
          INGEST_OPCUA_RECONNECT_MAX_MS: '500',
        }),
        { maps: maps('secure-line') },
      );
    };
    const fromSecure = (): CollectedRecord[] =>
      plant.filter((r) => (r.headers[IngestHeaders.SourceEventId] ?? '').startsWith('opcua/secure-line/'));
    const started: OpcuaSource[] = [];
    try {
      const refused = await secureSource('wrong');
      started.push(refused);
      const down = refused.when('disconnected');
      refused.start();
      await down;
      await refused.stop();
      expect(fromSecure()).toEqual([]);

      const accepted = await secureSource('s3cret');
      started.push(accepted);
      const subscribed = accepted.when('subscribed');
      accepted.start();
      await subscribed;
      await waitFor(() => fromSecure().length >= 3, {
        description: 'initial values over the encrypted session',
      });
    } finally {
      for (const s of started) await s.stop();
    }
  }, 90_000);

  it('never sends the server a request that writes, calls a method or changes the address space', async () => {
    requestsSeen.push(await server.requests());
    const types = new Set(requestsSeen.flatMap((counts) => Object.keys(counts)));
    expect([...types].filter((t) => !READ_ONLY_REQUESTS.has(t))).toEqual([]);
    // It would pass vacuously if the counting were broken: both servers did see the sessions.
    expect(requestsSeen[0]?.['CreateMonitoredItemsRequest']).toBeGreaterThan(0);
    expect(requestsSeen[1]?.['PublishRequest']).toBeGreaterThan(0);
  });
});
