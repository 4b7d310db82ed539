import { isAbsolute, resolve } from 'node:path';
import { assertSiteFiles, loadPlantModelFromEnv } from '@andon/plant-model';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import type { IngestSourcePorts } from '../protocols/source-ports';
import { UnmappedPathsRepository } from '../protocols/plant-mapping/unmapped-paths.repository';
import { OpcuaMaps } from './opcua-maps';
import { OpcuaSource } from './opcua-source';
import type { OpcuaSourceConfig } from './opcua-source.config';

/** The OPC UA source over ingest's pipeline, bus, store and topics (the objects the raw topics use). */
export async function createOpcuaSource(
  ports: IngestSourcePorts,
  config: OpcuaSourceConfig,
  options: { maps?: ProtocolMaps; now?: () => Date } = {},
): Promise<OpcuaSource> {
  const dir = isAbsolute(config.INGEST_PROTOCOL_MAPS_DIR)
    ? config.INGEST_PROTOCOL_MAPS_DIR
    : resolve(config.INGEST_PROTOCOL_MAPS_DIR);
  const maps = options.maps ?? ProtocolMaps.load(dir, ports.log);
  // Every mapped line and machine must be where the plant model has it: a typo would dead-letter a machine.
  if (!options.maps) assertSiteFiles(loadPlantModelFromEnv(), { protocolMaps: dir });
  return new OpcuaSource({
    config,
    bus: ports.bus,
    pipeline: ports.pipeline,
    topics: ports.topics,
    maps: new OpcuaMaps(config.INGEST_OPCUA_SERVER_ID, maps.files),
    unmapped: await UnmappedPathsRepository.open(ports.store),
    groupId: ports.settings.INGEST_GROUP_ID,
    log: ports.log.child({ component: 'opcua-source' }),
    metrics: ports.metrics,
    ...(options.now ? { now: options.now } : {}),
  });
}
