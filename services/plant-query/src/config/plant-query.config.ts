import { z } from 'zod';
import { adapterSchema, fields, loadConfig, userAuthFields } from '@andon/config';

export const plantQueryConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8096),
  ...userAuthFields,
  PLANT_QUERY_GROUP_ID: z.string().min(1).default('plant-query'),
  /** Shared switch with the other gRPC services (standalone sets it from STANDALONE_GRPC). */
  GRPC_ENABLED: fields.boolean(true),
  /** Own variable, not GRPC_PORT: in standalone every service reads the same environment. 0 picks a free port (tests). */
  PLANT_QUERY_GRPC_PORT: fields.port(50057),
  /** A query that would read more stored facts than this per site is refused, never truncated silently. */
  PLANT_QUERY_MAX_SCANNED_ROWS: fields.positiveInt(20_000),
  /** Longest time window a query may cover. */
  PLANT_QUERY_MAX_RANGE_DAYS: fields.positiveInt(31),
  /** Read whole hours of production from the hourly buckets; false reads every fact (a baseline to compare with). */
  PLANT_QUERY_PRODUCTION_ROLLUPS: fields.boolean(true),
  PLANT_QUERY_PARTITIONS_CONCURRENCY: fields.positiveInt(4),
});

export type PlantQueryConfig = z.infer<typeof plantQueryConfigSchema>;

/** What the module needs; the composition root may pass a wider config. */
export type PlantQuerySettings = Omit<PlantQueryConfig, keyof z.infer<typeof adapterSchema> | 'HTTP_PORT'>;

export const loadPlantQueryConfig = (
  env: Record<string, string | undefined> = process.env,
): PlantQueryConfig => loadConfig(plantQueryConfigSchema, env);
