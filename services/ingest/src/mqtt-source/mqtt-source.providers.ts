import type { Provider } from '@nestjs/common';
import type { HealthRegistry } from '@andon/observability';
import { SOURCE_PORT_TOKENS, sourcePortsFrom } from '../protocols/source-ports';
import { MqttSource } from './mqtt-source';
import type { MqttSourceConfig } from './mqtt-source.config';
import { createMqttSource } from './mqtt-source.factory';

/**
 * Providers for a module that imports IngestModule: the MQTT source as a mode of ingest
 * (ADR 0016), only when INGEST_MQTT_URL is set. Nest connects it at bootstrap, after the
 * imported ingest module's consumers, and disconnects it in beforeApplicationShutdown,
 * before the process closes the bus and store. Health `mqtt` is the connection.
 */
export function mqttSourceProviders(config: MqttSourceConfig, health?: HealthRegistry): Provider[] {
  if (config.INGEST_MQTT_URL === undefined) return [];
  return [
    {
      provide: MqttSource,
      useFactory: async (...ports: Parameters<typeof sourcePortsFrom>) => {
        const source = await createMqttSource(sourcePortsFrom(...ports), config);
        health?.register('mqtt', async () => source.isConnected());
        return source;
      },
      inject: [...SOURCE_PORT_TOKENS],
    },
  ];
}
