import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Comma-separated secrets; empty means "nobody" (the endpoint answers 401), never "anybody". */
const tokenList = () =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

export const ingestConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8091),
  /** Consumer group of the raw-topic consumer; a restart with the same group resumes where it stopped. */
  INGEST_GROUP_ID: z.string().min(1).default('ingest'),
  /** Bearer tokens accepted by POST /ingest/v1/events (integration systems). */
  INGEST_HTTP_TOKENS: tokenList(),
  /** Bearer tokens for the operational endpoints: DLQ replay, unmapped codes, code-map reload. */
  INGEST_ADMIN_TOKENS: tokenList(),
  /** Largest accepted raw event (bytes of one record or one HTTP event). */
  INGEST_MAX_BYTES: fields.positiveInt(256 * 1024),
  /** Largest HTTP request body (a batch of events). */
  INGEST_HTTP_MAX_BODY_BYTES: fields.positiveInt(8 * 1024 * 1024),
  /** How far occurred_at may lie from the time the record was received, in either direction. */
  INGEST_MAX_SKEW_MS: fields.positiveInt(DAY_MS),
  /** How long a (source system, source event id) pair is remembered for dedupe. */
  INGEST_DEDUPE_WINDOW_MS: fields.positiveInt(7 * DAY_MS),
  /** Folder holding <site>/v<N>.yaml code maps and each site's active.yaml pointer. */
  INGEST_SITE_CODES_DIR: z.string().min(1).default('config/site-codes'),
  /** How often the code maps are re-read from disk (0: only on start and explicit reload). */
  INGEST_SITE_CODES_REFRESH_MS: z.coerce.number().int().min(0).default(10_000),
  /** Enterprise written into the ISA-95 location when neither the event nor the code map names one. */
  INGEST_DEFAULT_ENTERPRISE: z.string().min(1).default('acme'),
  /** Partitions of the raw topic handled concurrently; each partition stays sequential (per-key order). */
  INGEST_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
  /**
   * Most raw records of one partition handled as one batch (one publish, then the dedupe
   * marks). A crash can re-publish up to this many events per concurrent partition.
   */
  INGEST_BATCH_SIZE: fields.positiveInt(500),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadIngestConfig = (env: Record<string, string | undefined> = process.env): IngestConfig =>
  loadConfig(ingestConfigSchema, env);
