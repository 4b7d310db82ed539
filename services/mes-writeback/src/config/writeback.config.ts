import { z } from 'zod';
import { adapterSchema, ConfigError, fields, loadConfig, userAuthFields } from '@andon/config';
import { loadPublicKeySet } from '@andon/governance/policy';

const jsonRecord = (what: string) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a JSON object (${what})` });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), z.string().min(1)));

const keyMap = z.record(z.string().min(1), z.string().min(1));

/**
 * PEM blocks one after the other (filed under their derived key ids), or a JSON object
 * keyId -> PEM; one schema (not a union) so a mistake gets the message of the form it tried.
 */
const publicKeys = z.string().transform((text, ctx) => {
  if (text.trimStart().startsWith('-----BEGIN')) {
    try {
      return Object.fromEntries(
        [...loadPublicKeySet(text)].map(([keyId, key]) => [
          keyId,
          key.export({ type: 'spki', format: 'pem' }).toString(),
        ]),
      );
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `PEM blocks: ${(err as Error).message}` });
      return z.NEVER;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be PEM public key blocks or a JSON object (keyId -> PEM)',
    });
    return z.NEVER;
  }
  const map = keyMap.safeParse(parsed);
  if (!map.success) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be PEM public key blocks or a JSON object (keyId -> PEM)',
    });
    return z.NEVER;
  }
  return map.data;
});

export const writebackConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8083),
  /** The operations API (executions, dry runs) authenticates people like every other service. */
  ...userAuthFields,
  /** The MES API credential, sent as `Authorization: Bearer` (required in production). */
  MES_API_TOKEN: z.string().min(1).optional(),
  /**
   * Per-site MES credentials, JSON object site -> token (sites whose MES is another system
   * with its own credential); a site not listed uses MES_API_TOKEN. Names only sites that
   * have an endpoint map.
   */
  MES_API_TOKENS: jsonRecord('site -> token').optional(),
  /** Mutual TLS to the MES: client certificate and its private key (PEM files, both or neither). */
  MES_TLS_CERT_FILE: z.string().min(1).optional(),
  MES_TLS_KEY_FILE: z.string().min(1).optional(),
  /** CA (PEM file) the MES server certificate must chain to, when it is not a public one. */
  MES_TLS_CA_FILE: z.string().min(1).optional(),
  /**
   * The approval service's Ed25519 public keys, either as PEM blocks one after the other
   * (the runbook's `cat old.pub.pem new.pub.pem`; key ids derived from each key) or as a
   * JSON object keyId -> PEM ("\n" escapes allowed). Either way: keyId -> PEM.
   */
  APPROVAL_PUBLIC_KEYS: publicKeys,
  /** Policy-set versions whose decisions this adapter executes, e.g. "v1,v2". */
  WRITEBACK_ACCEPTED_POLICY_VERSIONS: fields.csv().default(['v1']),
  /** Validate every call against the endpoint map but never send it. */
  WRITEBACK_DRY_RUN: fields.boolean(false),
  /** Folder of <site>.yaml MES endpoint maps. */
  MES_ENDPOINTS_DIR: z.string().default('config/mes-endpoints'),
  /** JSON object site -> MES base URL; overrides the baseUrl in the site's YAML. */
  MES_BASE_URLS: jsonRecord('site -> base URL').optional(),
  MES_TIMEOUT_MS: fields.positiveInt(10_000),
  /** Total attempts per MES call on 5xx/network errors (first included). */
  MES_RETRY_ATTEMPTS: fields.positiveInt(5),
  MES_RETRY_BASE_MS: fields.positiveInt(250),
  MES_RETRY_MAX_MS: fields.positiveInt(10_000),
  /** How long an execution in `calling` belongs to the instance that started it. */
  WRITEBACK_LEASE_MS: fields.positiveInt(120_000),
  /** Interval of the reconcile/outbox sweep. */
  WRITEBACK_SWEEP_MS: fields.positiveInt(15_000),
  CONSUMER_GROUP: z.string().default('mes-writeback'),
});

export type WritebackConfig = z.infer<typeof writebackConfigSchema>;

/** The config keys the use cases read; a full WritebackConfig satisfies it. */
export type WritebackSettings = Pick<
  WritebackConfig,
  | 'WRITEBACK_ACCEPTED_POLICY_VERSIONS'
  | 'WRITEBACK_DRY_RUN'
  | 'WRITEBACK_LEASE_MS'
  | 'WRITEBACK_SWEEP_MS'
  | 'CONSUMER_GROUP'
>;

export function loadWritebackConfig(env: Record<string, string | undefined> = process.env): WritebackConfig {
  const config = loadConfig(writebackConfigSchema, env);
  if (Boolean(config.MES_TLS_CERT_FILE) !== Boolean(config.MES_TLS_KEY_FILE)) {
    const missing = config.MES_TLS_CERT_FILE ? 'MES_TLS_KEY_FILE' : 'MES_TLS_CERT_FILE';
    throw new ConfigError([
      { variable: missing, message: 'mutual TLS needs both MES_TLS_CERT_FILE and MES_TLS_KEY_FILE' },
    ]);
  }
  return config;
}
