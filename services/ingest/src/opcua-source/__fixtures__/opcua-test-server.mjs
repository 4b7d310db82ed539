// A real OPC UA server (node-opcua-server) for the OPC UA source's int-specs, run as a child
// process: node-opcua is ES modules only, which Jest's CommonJS runtime cannot load (ADR 0016).
// It counts every service request by type, so a spec can prove the client never writes.
// IPC in:  { cmd: 'set', name, value } | { cmd: 'alarm', name, active } | { cmd: 'requests' } | { cmd: 'stop' }
// IPC out: { type: 'ready', port, certificateFile } | { type: 'requests', counts } | { type: 'done', cmd }
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { DataType, MessageSecurityMode, SecurityPolicy, StatusCodes, Variant } from 'node-opcua-client';
import { OPCUAServer } from 'node-opcua-server';

const port = Number(process.env.OPCUA_TEST_PORT ?? '0');
const pki = process.env.OPCUA_TEST_PKI;
if (!pki) throw new Error('OPCUA_TEST_PKI is required');
const user = process.env.OPCUA_TEST_USER;
const password = process.env.OPCUA_TEST_PASSWORD;
mkdirSync(pki, { recursive: true });

const counts = {};
const server = new OPCUAServer({
  port,
  hostname: '127.0.0.1',
  alternateHostname: ['127.0.0.1'],
  serverCertificateManager: new OPCUACertificateManager({
    rootFolder: join(pki, 'server'),
    automaticallyAcceptUnknownCertificate: true,
  }),
  userCertificateManager: new OPCUACertificateManager({ rootFolder: join(pki, 'user') }),
  securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
  securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
  // Anonymous sessions stay allowed; with a user, its name and password are checked when given.
  allowAnonymous: true,
  ...(user !== undefined ? { userManager: { isValidUser: (u, p) => u === user && p === password } } : {}),
});
server.on('request', (request) => {
  const name = request.constructor.name;
  counts[name] = (counts[name] ?? 0) + 1;
});
await server.initialize();

const addressSpace = server.engine.addressSpace;
const ns = addressSpace.getOwnNamespace();
const press = ns.addObject({
  organizedBy: addressSpace.rootFolder.objects,
  nodeId: 's=Press1',
  browseName: 'Press1',
  eventNotifier: 1,
});
// Press1 is an event source below the Server object, so its conditions' events reach a subscriber of either.
addressSpace.rootFolder.objects.server.addReference({ referenceType: 'HasEventSource', nodeId: press });

const variables = {};
const variable = (name, dataType, value) => {
  variables[name] = ns.addVariable({
    componentOf: press,
    nodeId: `s=Press1.${name}`,
    browseName: name,
    dataType,
    minimumSamplingInterval: 10,
  });
  variables[name].setValueFromSource({ dataType: DataType[dataType], value });
};
variable('Temperature', 'Double', 20);
variable('GoodCount', 'UInt32', 0);
variable('Jammed', 'Boolean', false);
variable('Vibration', 'Double', 0.1);
variable('Label', 'String', 'ok');

const normal = ns.addVariable({ componentOf: press, browseName: 'NormalFalse', dataType: 'Boolean' });
normal.setValueFromSource({ dataType: DataType.Boolean, value: false });
const alarms = {};
for (const name of ['Overtemperature', 'DoorOpen']) {
  const input = ns.addVariable({ componentOf: press, browseName: `${name}Input`, dataType: 'Boolean' });
  input.setValueFromSource({ dataType: DataType.Boolean, value: false });
  const alarm = ns.instantiateOffNormalAlarm({
    browseName: name,
    conditionName: name,
    componentOf: press,
    conditionSource: press,
    inputNode: input,
    normalState: normal,
  });
  alarms[name] = { input, alarm };
}

await server.start();
const endpoint = server.endpoints[0];
process.send?.({
  type: 'ready',
  port: endpoint.port,
  certificateFile: server.serverCertificateManager.rootDir
    ? join(server.serverCertificateManager.rootDir, 'own/certs/certificate.pem')
    : null,
});

// The test process is gone (crashed or interrupted): do not outlive it.
process.on('disconnect', () => process.exit(0));

process.on('message', async (msg) => {
  if (msg.cmd === 'set') {
    const v = variables[msg.name];
    const dataType = v.dataType.value === DataType.Double ? DataType.Double : undefined;
    if (msg.bad) v.setValueFromSource({ dataType: DataType.Double, value: 0 }, StatusCodes.BadSensorFailure);
    else v.setValueFromSource(new Variant({ dataType: dataType ?? v.getBasicDataType(), value: msg.value }));
  } else if (msg.cmd === 'alarm') {
    alarms[msg.name].input.setValueFromSource({ dataType: DataType.Boolean, value: msg.active });
  } else if (msg.cmd === 'requests') {
    process.send?.({ type: 'requests', counts });
    return;
  } else if (msg.cmd === 'stop') {
    await server.shutdown(0);
    process.send?.({ type: 'done', cmd: msg.cmd });
    process.exit(0);
  }
  process.send?.({ type: 'done', cmd: msg.cmd });
});
