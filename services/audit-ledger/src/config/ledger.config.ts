import { z } from 'zod';
import { join } from 'node:path';
import { adapterSchema, fields, loadConfig, userAuthFields } from '@andon/config';
import { productionChecks, type ProfileCheck } from '@andon/service-kit';

export const ledgerConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8084),
  /** 0 picks a free port (tests); the gRPC server is not started when GRPC_ENABLED is false. */
  GRPC_PORT: fields.port(50054),
  GRPC_ENABLED: fields.boolean(true),
  /** Name of the hash chain in the ledger collection. */
  LEDGER_CHAIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
    .default('main'),
  /** How long an interrupted append of one source event blocks another writer from redoing it. */
  LEDGER_SOURCE_LEASE_MS: fields.positiveInt(10_000),
  CONSUMER_GROUP: z.string().default('audit-ledger'),
  /**
   * Worker threads that verify segments of a long range next to the request's own thread
   * (each with its own store connection); 0 verifies on the request thread alone.
   */
  LEDGER_VERIFY_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /**
   * Directory that receives one signed checkpoint file per checkpoint, never rewritten: a
   * separately mounted volume (or a folder an object-store sync ships off the host), so a
   * database insider cannot move it along with the chain. Default in embedded mode (no
   * MONGO_URI): <ANDON_DATA_DIR>/ledger-witness; required by ANDON_PROFILE=production.
   */
  LEDGER_WITNESS_DIR: z.string().min(1).optional(),
  /** Ed25519 private key (PKCS#8 PEM) that signs checkpoints; required by ANDON_PROFILE=production (dev: generated once in ANDON_DATA_DIR). */
  LEDGER_CHECKPOINT_KEY_PEM: z.string().min(1).optional(),
  /** More public keys (PEM blocks) whose checkpoints verify, e.g. the key before a rotation. */
  LEDGER_CHECKPOINT_PUBLIC_KEYS: z.string().min(1).optional(),
  /** A checkpoint after this many new entries ... */
  LEDGER_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** ... or after this long, when the head moved at all (1 s .. 1 day). */
  LEDGER_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** How often the entries outbox looks for entries not yet on andon.ledger.entries.v1 (50 ms .. 1 min). */
  LEDGER_PUBLISH_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Named manual-work baseline the ROI report prices outputs with. */
  ROI_BASELINE_FILE: z.string().default('config/roi/baselines.yaml'),
  /** People's tokens (every ledger route needs one; with neither key set every route is refused). */
  ...userAuthFields,
});

export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;

/** The config keys the ledger's use cases read; a full LedgerConfig satisfies it. */
export type LedgerSettings = Pick<
  LedgerConfig,
  'LEDGER_CHAIN' | 'CONSUMER_GROUP' | 'LEDGER_SOURCE_LEASE_MS'
> &
  Partial<
    Pick<
      LedgerConfig,
      | 'LEDGER_VERIFY_WORKERS'
      | 'LEDGER_WITNESS_DIR'
      | 'LEDGER_CHECKPOINT_KEY_PEM'
      | 'LEDGER_CHECKPOINT_PUBLIC_KEYS'
      | 'LEDGER_CHECKPOINT_EVERY'
      | 'LEDGER_CHECKPOINT_INTERVAL_MS'
      | 'LEDGER_PUBLISH_INTERVAL_MS'
      | 'ANDON_DATA_DIR'
    >
  >;

export const WITNESS_SUBDIR = 'ledger-witness';

export function loadLedgerConfig(env: Record<string, string | undefined> = process.env): LedgerConfig {
  const config = loadConfig(ledgerConfigSchema, env);
  // Embedded mode already keeps its state in the data directory; a witness beside it
  // still catches a rewrite made through the database file alone.
  const witness =
    config.LEDGER_WITNESS_DIR ?? (config.MONGO_URI ? undefined : join(config.ANDON_DATA_DIR, WITNESS_SUBDIR));
  return { ...config, LEDGER_WITNESS_DIR: witness };
}

/**
 * What ANDON_PROFILE=production refuses (checked at start with every other service's):
 * checkpoints must be signed with a configured key and witnessed outside the database.
 */
export const LEDGER_PRODUCTION_CHECKS: readonly ProfileCheck[] = [
  productionChecks.userTokens,
  productionChecks.required(
    'LEDGER_WITNESS_DIR',
    'ledger checkpoints are witnessed outside the database (a separate volume)',
  ),
  productionChecks.required(
    'LEDGER_CHECKPOINT_KEY_PEM',
    'ledger checkpoints are signed with a configured key (a Secret), not one generated in the data directory',
  ),
];
