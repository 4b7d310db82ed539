import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { HealthRegistry } from '@andon/observability';
import { IngestRuntime } from '../ingest-runtime';
import type { MqttSource } from './mqtt-source';
import type { MqttSourceConfig } from './mqtt-source.config';
import { createMqttSource } from './mqtt-source.factory';

const MQTT_SOURCE_CONFIG = Symbol('MqttSourceConfig');
const MQTT_SOURCE_HEALTH = Symbol('MqttSourceHealth');

/** Starts the MQTT source after ingest's runtime is up and stops it before the bus closes. */
@Injectable()
class MqttSourceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private source: MqttSource | undefined;

  constructor(
    @Inject(IngestRuntime) private readonly runtime: IngestRuntime,
    @Inject(MQTT_SOURCE_CONFIG) private readonly config: MqttSourceConfig,
    @Inject(MQTT_SOURCE_HEALTH) private readonly health: HealthRegistry | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = await createMqttSource(this.runtime, this.config);
    await this.source.start();
    this.health?.register('mqtt', async () => this.source?.isConnected() ?? false);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }
}

/** Providers for a module that imports IngestModule: the MQTT source as a mode of ingest (ADR 0016). */
export function mqttSourceProviders(config: MqttSourceConfig, health?: HealthRegistry): Provider[] {
  if (config.INGEST_MQTT_URL === undefined) return [];
  return [
    { provide: MQTT_SOURCE_CONFIG, useValue: config },
    { provide: MQTT_SOURCE_HEALTH, useValue: health },
    MqttSourceLifecycle,
  ];
}
