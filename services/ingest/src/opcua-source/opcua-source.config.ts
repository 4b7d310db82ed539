import { readFileSync } from 'node:fs';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/**
 * The OPC UA source (docs/adr/0016, read-only). Off unless INGEST_OPCUA_URL is set. One
 * server per source; which nodes it subscribes to is in the protocol maps (`opcua:`
 * entries whose `server` is INGEST_OPCUA_SERVER_ID). The password comes from a Secret
 * (INGEST_OPCUA_PASSWORD or INGEST_OPCUA_PASSWORD_FILE); certificates are files.
 */
export const opcuaSourceConfigSchema = z
  .object({
    /** `opc.tcp://host:4840[/path]`. */
    INGEST_OPCUA_URL: optional.refine((v) => v === undefined || /^opc\.tcp:\/\//.test(v), 'opc.tcp://'),
    /** The name the protocol maps use for this server (`opcua[].server`). */
    INGEST_OPCUA_SERVER_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/)
      .default('default'),
    INGEST_OPCUA_SECURITY_MODE: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('SignAndEncrypt'),
    INGEST_OPCUA_SECURITY_POLICY: z
      .enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'])
      .default('Basic256Sha256'),
    /**
     * The client's PKI folder (own certificate and key, trusted/ and rejected/ server
     * certificates). A server certificate is trusted by placing it in `<dir>/trusted/certs`.
     */
    INGEST_OPCUA_PKI_DIR: z.string().min(1).default('var/opcua-pki'),
    /** The client's application instance certificate and key (PEM); generated into the PKI folder when absent. */
    INGEST_OPCUA_CERT_FILE: optional,
    INGEST_OPCUA_KEY_FILE: optional,
    /** Accept a server certificate not in trusted/ (development only; the production profile refuses it). */
    INGEST_OPCUA_TRUST_UNKNOWN_SERVER: bool,
    INGEST_OPCUA_USERNAME: optional,
    INGEST_OPCUA_PASSWORD: optional,
    INGEST_OPCUA_PASSWORD_FILE: optional,
    INGEST_OPCUA_PUBLISHING_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
    INGEST_OPCUA_SAMPLING_INTERVAL_MS: z.coerce.number().int().min(0).default(250),
    /** Values the server keeps per node between publishes (a burst faster than the publishing interval). */
    INGEST_OPCUA_QUEUE_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
    /** Reconnect backoff bounds. */
    INGEST_OPCUA_RECONNECT_MIN_MS: z.coerce.number().int().min(10).default(1_000),
    INGEST_OPCUA_RECONNECT_MAX_MS: z.coerce.number().int().min(10).default(30_000),
    /** Most notifications handled as one pipeline batch (one Kafka publish). */
    INGEST_OPCUA_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Folder of config/protocol-maps/<site>.yaml. */
    INGEST_PROTOCOL_MAPS_DIR: z.string().min(1).default('config/protocol-maps'),
  })
  .refine(
    (c) => (c.INGEST_OPCUA_CERT_FILE === undefined) === (c.INGEST_OPCUA_KEY_FILE === undefined),
    'INGEST_OPCUA_CERT_FILE and INGEST_OPCUA_KEY_FILE go together',
  )
  .refine(
    (c) => (c.INGEST_OPCUA_SECURITY_MODE === 'None') === (c.INGEST_OPCUA_SECURITY_POLICY === 'None'),
    'INGEST_OPCUA_SECURITY_MODE None goes with INGEST_OPCUA_SECURITY_POLICY None, and only with it',
  )
  .refine(
    (c) =>
      c.INGEST_OPCUA_USERNAME !== undefined ||
      (c.INGEST_OPCUA_PASSWORD ?? c.INGEST_OPCUA_PASSWORD_FILE) === undefined,
    'INGEST_OPCUA_PASSWORD[_FILE] needs INGEST_OPCUA_USERNAME',
  );

export type OpcuaSourceConfig = z.infer<typeof opcuaSourceConfigSchema>;

export function loadOpcuaSourceConfig(
  env: Record<string, string | undefined> = process.env,
): OpcuaSourceConfig {
  return opcuaSourceConfigSchema.parse(env);
}

/** The password from the variable or the mounted Secret file (trailing newline dropped). */
export function opcuaPassword(config: OpcuaSourceConfig): string | undefined {
  if (config.INGEST_OPCUA_PASSWORD !== undefined) return config.INGEST_OPCUA_PASSWORD;
  return config.INGEST_OPCUA_PASSWORD_FILE === undefined
    ? undefined
    : readFileSync(config.INGEST_OPCUA_PASSWORD_FILE, 'utf8').replace(/\r?\n$/, '');
}

/** Production refusals (service-kit's start-up checks): no unauthenticated channel, no blind trust. */
export function opcuaProductionProblems(
  env: Record<string, string | undefined>,
): Array<{ variable: string; problem: string }> {
  if (!env['INGEST_OPCUA_URL']) return [];
  const problems: Array<{ variable: string; problem: string }> = [];
  if ((env['INGEST_OPCUA_SECURITY_MODE'] ?? 'SignAndEncrypt') === 'None')
    problems.push({
      variable: 'INGEST_OPCUA_SECURITY_MODE',
      problem: 'None is refused in production (Sign or SignAndEncrypt)',
    });
  if (['true', '1'].includes(env['INGEST_OPCUA_TRUST_UNKNOWN_SERVER'] ?? ''))
    problems.push({
      variable: 'INGEST_OPCUA_TRUST_UNKNOWN_SERVER',
      problem: 'put the server certificate in <pki>/trusted/certs instead',
    });
  return problems;
}
