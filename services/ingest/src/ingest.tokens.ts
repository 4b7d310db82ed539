import type { IngestConfig } from './config/ingest.config';

/** The config keys ingest reads; a full IngestConfig satisfies it. */
export type IngestSettings = Pick<
  IngestConfig,
  | 'INGEST_GROUP_ID'
  | 'INGEST_HTTP_TOKENS'
  | 'INGEST_ADMIN_TOKENS'
  | 'INGEST_MAX_BYTES'
  | 'INGEST_HTTP_MAX_BODY_BYTES'
  | 'INGEST_MAX_SKEW_MS'
  | 'INGEST_DEDUPE_WINDOW_MS'
  | 'INGEST_SITE_CODES_DIR'
  | 'INGEST_SITE_CODES_REFRESH_MS'
  | 'INGEST_DEFAULT_ENTERPRISE'
  | 'INGEST_PARTITIONS_CONCURRENCY'
> &
  Partial<Pick<IngestConfig, 'INGEST_BATCH_SIZE'>>;

/** IngestSettings, as a value provider. */
export const INGEST_SETTINGS = Symbol('andon:ingest-settings');
/** boolean: whether this process joins the raw-topic and dead-letter consumer groups. */
export const INGEST_CONSUMING = Symbol('andon:ingest-consuming');

/** The consumer group HTTP input's dead letters carry (they have no topic position). */
export const httpGroupOf = (settings: IngestSettings): string => `${settings.INGEST_GROUP_ID}-http`;
