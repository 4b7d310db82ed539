import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { HealthRegistry } from '@andon/observability';
import { IngestRuntime } from '../ingest-runtime';
import type { OpcuaSource } from './opcua-source';
import type { OpcuaSourceConfig } from './opcua-source.config';
import { createOpcuaSource } from './opcua-source.factory';

const OPCUA_SOURCE_CONFIG = Symbol('OpcuaSourceConfig');
const OPCUA_SOURCE_HEALTH = Symbol('OpcuaSourceHealth');

/**
 * The OPC UA source in the ingest process: started after ingest's runtime is up (the
 * session worker connects and reconnects on its own, so start-up does not wait for the
 * server), stopped before the bus closes. Health `opcua` is the session.
 */
@Injectable()
export class OpcuaSourceService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private source: OpcuaSource | undefined;

  constructor(
    @Inject(IngestRuntime) private readonly runtime: IngestRuntime,
    @Inject(OPCUA_SOURCE_CONFIG) private readonly config: OpcuaSourceConfig,
    @Inject(OPCUA_SOURCE_HEALTH) private readonly health: HealthRegistry | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = await createOpcuaSource(this.runtime, this.config);
    this.source.start();
    this.health?.register('opcua', async () => this.source?.isConnected() ?? false);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }
}

/** Providers for a module that imports IngestModule: the OPC UA source, only when INGEST_OPCUA_URL is set (ADR 0016). */
export function opcuaSourceProviders(config: OpcuaSourceConfig, health?: HealthRegistry): Provider[] {
  if (config.INGEST_OPCUA_URL === undefined) return [];
  return [
    { provide: OPCUA_SOURCE_CONFIG, useValue: config },
    { provide: OPCUA_SOURCE_HEALTH, useValue: health },
    OpcuaSourceService,
  ];
}
