import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectAsync } from 'mqtt';
import { InProcessEventBus } from '@andon/bus';
import { HealthRegistry, Metrics } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { mqttUrl, uniqueName, waitFor } from '@andon/testing';
import { IngestModule } from '../ingest.module';
import { stateTopic } from '../protocols/sparkplug/sparkplug-topic';
import { quietLogger, testSettings } from '../test-support/ingest-fixtures';
import { MqttSource } from './mqtt-source';
import { mqttSourceConfigSchema } from './mqtt-source.config';
import { mqttSourceProviders } from './mqtt-source.providers';

const MAPS_DIR = join(__dirname, '..', '..', '..', '..', 'config', 'protocol-maps');

// The MQTT source as the ingest process runs it (main.ts, the standalone): its providers
// next to IngestModule, connected by Nest at bootstrap and disconnected at shutdown
// (STATE offline, retained) while the bus, which the process closes last, is still open.

describe('MQTT source providers in a Nest application', () => {
  it('connect at bootstrap, report health, and leave with STATE offline on close, before the bus closes', async () => {
    const run = uniqueName('mqp').replace(/[^a-z0-9-]/gi, '-');
    const bus = new InProcessEventBus({ logger: quietLogger() });
    const store = SqliteDocumentStore.open(':memory:');
    const health = new HealthRegistry();
    const config = mqttSourceConfigSchema.parse({
      INGEST_MQTT_URL: mqttUrl(),
      INGEST_MQTT_CLIENT_ID: run,
      INGEST_MQTT_HOST_ID: run,
      INGEST_PROTOCOL_MAPS_DIR: MAPS_DIR,
    });
    @Module({
      imports: [
        IngestModule.forRoot({
          bus,
          store,
          log: quietLogger(),
          metrics: new Metrics({}, false),
          config: testSettings(),
        }),
      ],
      providers: mqttSourceProviders(config, health),
    })
    class IngestProcess {}

    const observer = await connectAsync(mqttUrl(), { clientId: `${run}-observer` });
    const states: Array<{ online: boolean }> = [];
    // An empty retained payload clears the topic; only the host's announcements count.
    observer.on('message', (_topic, payload) => {
      if (payload.length > 0) states.push(JSON.parse(payload.toString()) as { online: boolean });
    });
    await observer.subscribeAsync(stateTopic(run), { qos: 1 });

    const app = await NestFactory.createApplicationContext(IngestProcess, { logger: false });
    const source = app.get(MqttSource);
    expect(source.isConnected()).toBe(true);
    expect((await health.readiness()).checks['mqtt']).toBe('ok');
    await waitFor(() => states.some((s) => s.online), { description: 'STATE online' });

    await app.close();
    expect(source.isConnected()).toBe(false);
    await waitFor(() => states.at(-1)?.online === false, { description: 'STATE offline' });
    expect((await health.readiness()).checks['mqtt']).toBe('failing');
    // The module left the bus and the store to the process that opened them.
    expect(await bus.ping()).toBe(true);

    await observer.publishAsync(stateTopic(run), '', { retain: true, qos: 1 });
    await observer.endAsync();
    await bus.close();
    await store.close();
  });

  it('are none when INGEST_MQTT_URL is not set', () => {
    expect(mqttSourceProviders(mqttSourceConfigSchema.parse({}))).toEqual([]);
  });
});
