// The OPC UA session of ingest's OPC UA source, in a child process of its own: node-opcua
// is ES modules only, and ingest (and Jest) are CommonJS (docs/adr/0016-plant-protocols.md).
// READ-ONLY by construction: this file uses connect, sessions, subscriptions, monitored items
// and browse, nothing else. opcua-read-only.spec.ts fails if a write, call or node management
// service appears here, and the int-spec counts the requests a real server receives.
// The message shapes are opcua-worker-protocol.ts; ingest parses everything sent from here.
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  MessageSecurityMode,
  NodeClassMask,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  constructEventFilter,
} from 'node-opcua-client';

const EVENT_FIELDS = [
  'EventId',
  'EventType',
  'SourceNode',
  'SourceName',
  'Time',
  'Message',
  'Severity',
  'ConditionName',
  'ActiveState.Id',
];

let client;
let session;
let stopping = false;

const send = (message) => process.send?.(message);
const iso = (d) =>
  d instanceof Date && !Number.isNaN(d.getTime()) && d.getTime() > 0 ? d.toISOString() : null;

/** A variant's value as JSON, or `{ unsupported }` for what ingest does not read. */
function plain(value, dataType) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : { unsupported: String(value) };
  if (value instanceof Date) return iso(value);
  if (
    (dataType === DataType.Int64 || dataType === DataType.UInt64) &&
    Array.isArray(value) &&
    value.length === 2
  ) {
    const n = value[0] * 2 ** 32 + value[1];
    return Number.isSafeInteger(n) ? n : { unsupported: `[${value.join(',')}]` };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value);
  if (Array.isArray(value)) return value.map((v) => plain(v, dataType));
  if (typeof value === 'object' && typeof value.text === 'string') return value.text;
  return { unsupported: String(value).slice(0, 200) };
}

function field(variant) {
  return variant && variant.dataType !== DataType.Null ? variant.value : null;
}

function eventMessage(notifier, fields) {
  const f = Object.fromEntries(EVENT_FIELDS.map((name, i) => [name, field(fields[i])]));
  const eventId =
    f.EventId instanceof Uint8Array ? Buffer.from(f.EventId).toString('hex') : String(f.EventId ?? '');
  return {
    type: 'event',
    notifier,
    eventId,
    eventType: f.EventType ? f.EventType.toString() : null,
    sourceNode: f.SourceNode ? f.SourceNode.toString() : null,
    sourceName: typeof f.SourceName === 'string' ? f.SourceName : null,
    time: iso(f.Time),
    message: f.Message && typeof f.Message.text === 'string' ? f.Message.text : null,
    severity: typeof f.Severity === 'number' ? f.Severity : null,
    conditionName: typeof f.ConditionName === 'string' ? f.ConditionName : null,
    active: typeof f['ActiveState.Id'] === 'boolean' ? f['ActiveState.Id'] : null,
  };
}

/** One subscription per session: value changes of the data nodes, events of the notifiers. */
async function subscribe(config) {
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: config.publishingIntervalMs,
    requestedLifetimeCount: 1000,
    requestedMaxKeepAliveCount: 20,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
    priority: 10,
  });
  if (config.dataNodes.length > 0) {
    const group = await subscription.monitorItems(
      config.dataNodes.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: config.samplingIntervalMs, queueSize: config.queueSize, discardOldest: false },
      TimestampsToReturn.Both,
    );
    group.monitoredItems.forEach((item, i) => {
      const status = item.statusCode;
      if (status && status.isNotGood && status.isNotGood())
        send({ type: 'monitor_failed', nodeId: config.dataNodes[i], status: status.name });
    });
    group.on('changed', (item, dataValue, index) => {
      const nodeId = config.dataNodes[index] ?? item.itemToMonitor.nodeId.toString();
      send({
        type: 'data',
        nodeId,
        value: plain(dataValue.value?.value, dataValue.value?.dataType),
        dataType: DataType[dataValue.value?.dataType ?? DataType.Null] ?? 'Null',
        status: dataValue.statusCode?.name ?? 'Good',
        sourceTimestamp: iso(dataValue.sourceTimestamp),
        serverTimestamp: iso(dataValue.serverTimestamp),
      });
    });
  }
  for (const notifier of config.eventNotifiers) {
    const item = await subscription.monitor(
      { nodeId: notifier, attributeId: AttributeIds.EventNotifier },
      {
        samplingInterval: 0,
        queueSize: config.queueSize,
        discardOldest: false,
        filter: constructEventFilter(EVENT_FIELDS),
      },
      TimestampsToReturn.Both,
    );
    item.on('changed', (fields) => send(eventMessage(notifier, fields)));
    item.on('err', (message) => send({ type: 'monitor_failed', nodeId: notifier, status: String(message) }));
  }
  for (const object of config.browse) {
    const result = await session.browse({
      nodeId: object,
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: 'HierarchicalReferences',
      includeSubtypes: true,
      nodeClassMask: NodeClassMask.Variable,
      resultMask: 63,
    });
    send({
      type: 'browsed',
      object,
      variables: (result.references ?? []).map((r) => ({
        nodeId: r.nodeId.toString(),
        browseName: r.browseName.toString(),
      })),
    });
  }
  send({ type: 'status', state: 'subscribed' });
}

async function start(config) {
  const certificateManager = new OPCUACertificateManager({
    rootFolder: config.pkiDir,
    automaticallyAcceptUnknownCertificate: config.trustUnknownServer,
  });
  await certificateManager.initialize();
  client = OPCUAClient.create({
    applicationName: 'Andon ingest',
    endpointMustExist: false,
    securityMode: MessageSecurityMode[config.securityMode],
    securityPolicy: SecurityPolicy[config.securityPolicy],
    clientCertificateManager: certificateManager,
    ...(config.certificateFile
      ? { certificateFile: config.certificateFile, privateKeyFile: config.privateKeyFile }
      : {}),
    keepSessionAlive: true,
    connectionStrategy: {
      initialDelay: config.reconnectMinMs,
      maxDelay: config.reconnectMaxMs,
      maxRetry: -1,
    },
  });
  client.on('backoff', (retry, delay) =>
    send({ type: 'status', state: 'reconnecting', detail: `retry ${retry} in ${delay} ms` }),
  );
  client.on('connection_lost', () => send({ type: 'status', state: 'disconnected' }));
  client.on('connection_reestablished', () =>
    send({ type: 'status', state: 'connected', detail: 'reestablished' }),
  );
  // A restarted server has lost our session and subscription: node-opcua opens a new session
  // and re-creates the subscription with its monitored items, then the first values arrive again.
  client.on('after_reconnection', () =>
    send({ type: 'status', state: 'subscribed', detail: 'after reconnection' }),
  );
  await client.connect(config.url);
  send({ type: 'status', state: 'connected' });
  const identity =
    config.username !== undefined
      ? { type: UserTokenType.UserName, userName: config.username, password: config.password ?? '' }
      : { type: UserTokenType.Anonymous };
  session = await client.createSession(identity);
  session.on('session_closed', () =>
    send({ type: 'status', state: 'disconnected', detail: 'session closed' }),
  );
  await subscribe(config);
}

async function stop() {
  stopping = true;
  try {
    if (session) await session.close(true);
  } catch {
    // the server may be gone; closing the connection is enough
  }
  try {
    if (client) await client.disconnect();
  } catch {
    // same
  }
  process.exit(0);
}

process.on('message', (command) => {
  if (command?.type === 'start')
    start(command).catch((err) => {
      if (stopping) return;
      send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    });
  else if (command?.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
