// What bench/ measures inside this service, named here so that a change to these parts
// shows its benchmark at compile time. Imported as '@andon/service-ingest/bench' by bench/ only
// (an Nx project, tags type:bench); never by production code or other services.
export { createIngestContext } from './ingest-context';
export { IngestPipeline } from './pipeline/ingest-pipeline';
export { IngestTopics } from './pipeline/ingest-topics';
export { sourcePortsOf } from './protocols/source-ports';
export { ingestConfigSchema } from './config/ingest.config';
export { mqttSourceConfigSchema } from './mqtt-source/mqtt-source.config';
export { createMqttSource } from './mqtt-source/mqtt-source.factory';
export { decodeInput } from './normalise/decode-input';
export { normaliseEvent } from './normalise/normalise-event';
export { IngestHeaders } from './pipeline/ingest-headers';
export type { IngestTopicNames } from './pipeline/ingest-topics';
export { protocolMapSchema } from './protocols/plant-mapping/protocol-map.schema';
export { ProtocolMaps } from './protocols/plant-mapping/protocol-maps';
export { SparkplugSessions } from './protocols/sparkplug/sparkplug-sessions';
export { translateSparkplug } from './protocols/sparkplug/sparkplug-translate';
export { SiteCodeRegistry } from './site-codes/site-code-registry';
