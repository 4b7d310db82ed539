// Public API of the ingest service, for services/standalone (composition) and the andon CLI.
export { IngestModule, type IngestModuleOptions } from './ingest.module';
export type { IngestSettings } from './ingest.tokens';
export { ingestConfigSchema, loadIngestConfig, type IngestConfig } from './config/ingest.config';
export { openDeadLetterDesk, type DeadLetterDesk, type DeadLetterItem } from './replay/dead-letter-desk';
export { DEFAULT_TOPIC_NAMES, type IngestTopicNames } from './pipeline/ingest-topics';
export { IngestHeaders } from './pipeline/ingest-headers';
export { canonicalEventId } from './normalise/event-id';
export { loadMqttSourceConfig, type MqttSourceConfig } from './mqtt-source/mqtt-source.config';
export { mqttSourceProviders } from './mqtt-source/mqtt-source.providers';
export { INGEST_PRE_AUTH, INGEST_SCHEME, INGEST_ADMIN_SCHEME } from './http-ingest/ingest-auth';
