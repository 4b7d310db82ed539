import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

export const ledgerConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8084),
  /** 0 picks a free port (tests); the gRPC server is not started when GRPC_ENABLED is false. */
  GRPC_PORT: fields.port(50054),
  GRPC_ENABLED: fields.boolean(true),
  /** Name of the hash chain in the ledger collection. */
  LEDGER_CHAIN: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).default('main'),
  /** How long an interrupted append of one source event blocks another writer from redoing it. */
  LEDGER_SOURCE_LEASE_MS: fields.positiveInt(10_000),
  CONSUMER_GROUP: z.string().default('audit-ledger'),
  /**
   * Worker threads that verify segments of a long range next to the request's own thread
   * (each with its own store connection); 0 verifies on the request thread alone.
   */
  LEDGER_VERIFY_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /** Named manual-work baseline the ROI report prices outputs with. */
  ROI_BASELINE_FILE: z.string().default('config/roi/baselines.yaml'),
  /** HS256 secret (dev) or JWKS URL (OIDC): when either is set every ledger route needs a bearer token. */
  JWT_HS256_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  JWKS_URL: fields.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
});

export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;

export const loadLedgerConfig = (env: Record<string, string | undefined> = process.env): LedgerConfig => loadConfig(ledgerConfigSchema, env);
