import type { Provider } from '@nestjs/common';
import type { HealthRegistry } from '@andon/observability';
import { SOURCE_PORT_TOKENS, sourcePortsFrom } from '../protocols/source-ports';
import { OpcuaSource } from './opcua-source';
import type { OpcuaSourceConfig } from './opcua-source.config';
import { createOpcuaSource } from './opcua-source.factory';

/**
 * Providers for a module that imports IngestModule: the OPC UA source, only when
 * INGEST_OPCUA_URL is set (ADR 0016). Nest starts it at bootstrap (the session worker
 * connects and reconnects on its own, so start-up does not wait for the server) and stops
 * it in beforeApplicationShutdown, before the bus closes. Health `opcua` is the session.
 */
export function opcuaSourceProviders(config: OpcuaSourceConfig, health?: HealthRegistry): Provider[] {
  if (config.INGEST_OPCUA_URL === undefined) return [];
  return [
    {
      provide: OpcuaSource,
      useFactory: async (...ports: Parameters<typeof sourcePortsFrom>) => {
        const source = await createOpcuaSource(sourcePortsFrom(...ports), config);
        health?.register('opcua', async () => source.isConnected());
        return source;
      },
      inject: [...SOURCE_PORT_TOKENS],
    },
  ];
}
