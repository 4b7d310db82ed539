import { isAbsolute, resolve } from 'node:path';
import { assertSiteFiles, loadPlantModelFromEnv } from '@andon/plant-model';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import type { IngestSourcePorts } from '../protocols/source-ports';
import { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import { SparkplugBirthsRepository } from '../protocols/sparkplug/sparkplug-births.repository';
import { MqttSource } from './mqtt-source';
import type { MqttSourceConfig } from './mqtt-source.config';

/** The MQTT source over ingest's pipeline, bus, store and topics (the same objects the raw topics use). */
export async function createMqttSource(
  ports: IngestSourcePorts,
  config: MqttSourceConfig,
  options: { maps?: ProtocolMaps; now?: () => Date } = {},
): Promise<MqttSource> {
  const dir = isAbsolute(config.INGEST_PROTOCOL_MAPS_DIR)
    ? config.INGEST_PROTOCOL_MAPS_DIR
    : resolve(config.INGEST_PROTOCOL_MAPS_DIR);
  const maps = options.maps ?? ProtocolMaps.load(dir, ports.log);
  // Every mapped line and machine must be where the plant model has it: a typo would dead-letter a machine.
  if (!options.maps) assertSiteFiles(loadPlantModelFromEnv(), { protocolMaps: dir });
  return new MqttSource({
    config,
    bus: ports.bus,
    pipeline: ports.pipeline,
    topics: ports.topics,
    maps,
    unmapped: await UnmappedPathsRepository.open(ports.store),
    births: await SparkplugBirthsRepository.open(ports.store),
    groupId: ports.settings.INGEST_GROUP_ID,
    log: ports.log.child({ component: 'mqtt-source' }),
    metrics: ports.metrics,
    ...(options.now ? { now: options.now } : {}),
  });
}
