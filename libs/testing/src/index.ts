export {
  kafkaBrokers,
  mongoUri,
  elasticsearchUrl,
  mqttUrl,
  opensearchUrl,
  jaegerUrls,
  llmUrl,
  requestedServers,
  ENV,
  SERVER_NAMES,
  type ServerName,
} from './harness-env';
export { stopKafka, startKafka, restartKafka } from './kafka-control';
export { uniqueName } from './unique-name';
export { waitFor, WaitAbortedError, type WaitForOptions } from './wait-for';
export { freePort } from './free-port';
export { installServer, startLocalServer } from './start-servers';
export { writeState, type ServerRecord } from './harness-state';
export { EC_KEY, openssl, writeTestPki, type TestPkiFiles } from './test-pki';
export { mqttAnswers, mqttListenersFromState, MQTT_TEST_USER, type MqttTestBroker } from './mosquitto-server';
export { ServiceProcess } from './service-process';
