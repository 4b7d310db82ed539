import { isAbsolute, resolve } from 'node:path';
import { assertSiteFiles, loadPlantModelFromEnv } from '@andon/plant-model';
import type { IngestRuntime } from '../ingest-runtime';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import { SparkplugBirthsRepository } from '../protocols/sparkplug/sparkplug-births.repository';
import { MqttSource } from './mqtt-source';
import type { MqttSourceConfig } from './mqtt-source.config';

/** The MQTT source over an ingest runtime's pipeline, bus, store and topics (the same objects the raw topics use). */
export async function createMqttSource(
  runtime: IngestRuntime,
  config: MqttSourceConfig,
  options: { maps?: ProtocolMaps; now?: () => Date } = {},
): Promise<MqttSource> {
  const dir = isAbsolute(config.INGEST_PROTOCOL_MAPS_DIR)
    ? config.INGEST_PROTOCOL_MAPS_DIR
    : resolve(config.INGEST_PROTOCOL_MAPS_DIR);
  const maps = options.maps ?? ProtocolMaps.load(dir, runtime.deps.log);
  // Every mapped line and machine must be where the plant model has it: a typo would dead-letter a machine.
  if (!options.maps) assertSiteFiles(loadPlantModelFromEnv(), { protocolMaps: dir });
  return new MqttSource({
    config,
    bus: runtime.deps.bus,
    pipeline: runtime.pipeline,
    topics: runtime.topics,
    maps,
    unmapped: await UnmappedPathsRepository.open(runtime.deps.store),
    births: await SparkplugBirthsRepository.open(runtime.deps.store),
    groupId: runtime.deps.config.INGEST_GROUP_ID,
    log: runtime.deps.log.child({ component: 'mqtt-source' }),
    metrics: runtime.deps.metrics,
    ...(options.now ? { now: options.now } : {}),
  });
}
