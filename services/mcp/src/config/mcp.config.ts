import { z } from 'zod';
import { adapterSchema, fields, loadConfig } from '@andon/config';

const origins = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().replace(/\/$/, ''))
      .filter(Boolean),
  )
  .pipe(z.array(z.url()));

export const mcpConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8098),
  /**
   * The canonical URI of this MCP server (RFC 8707 resource indicator): what clients
   * connect to and what tokens must be issued for. Unset: http://localhost:<HTTP_PORT>/mcp.
   */
  MCP_RESOURCE_URL: fields.url().optional(),
  /** The `aud` value tokens for this server carry; defaults to MCP_RESOURCE_URL. */
  MCP_AUDIENCE: z.string().min(1).optional(),
  /** Authorization servers advertised in the protected-resource metadata (RFC 9728); defaults to JWT_ISSUER. */
  MCP_AUTHORIZATION_SERVERS: fields.csv().optional(),
  /**
   * Browser origins allowed to call /mcp (DNS-rebinding defence). A request carrying any
   * other Origin header is refused; requests without one (desktop clients, agents) pass.
   */
  MCP_ALLOWED_ORIGINS: origins.default([]),
  /** The same identity-provider rules as every other service. */
  JWT_HS256_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  JWKS_URL: fields.url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  /** Audience of the other Andon services' APIs, for the short-lived downstream tokens. */
  JWT_AUDIENCE: z.string().min(1).optional(),
  /**
   * How the server calls the other services for a caller without passing the caller's
   * MCP token on: `exchange` (RFC 8693 token exchange at MCP_TOKEN_EXCHANGE_URL, for an
   * identity provider) or `reissue` (a 60-second HS256 token for the same principal,
   * development and the standalone). `auto`: reissue when JWT_HS256_SECRET is set.
   */
  MCP_DOWNSTREAM_AUTH: z.enum(['auto', 'exchange', 'reissue']).default('auto'),
  MCP_TOKEN_EXCHANGE_URL: fields.url().optional(),
  MCP_TOKEN_EXCHANGE_CLIENT_ID: z.string().min(1).optional(),
  MCP_TOKEN_EXCHANGE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Base URLs of the services the tools reach over their REST APIs. */
  MCP_PLANT_QUERY_URL: fields.url().default('http://localhost:8096'),
  MCP_RETRIEVAL_URL: fields.url().default('http://localhost:8084'),
  MCP_APPROVAL_URL: fields.url().default('http://localhost:8080'),
  MCP_LEDGER_URL: fields.url().default('http://localhost:8084'),
  /** Per downstream call. */
  MCP_DOWNSTREAM_TIMEOUT_MS: fields.positiveInt(15_000),
  POLICY_DIR: z.string().default('policies'),
  /**
   * The sites' MES endpoint maps (config/mes-endpoints/<site>.yaml, the files the agents and
   * write-back read): proposals are rendered from them, so MCP holds no MES path (ADR 0024).
   */
  MES_ENDPOINTS_DIR: z.string().default('config/mes-endpoints'),
  LLM_REDACTION_DIR: z.string().default('config/redaction'),
  /** Redact personal data (names, badges, e-mail, phone) in what tools return to the client's model. */
  MCP_REDACT_RESULTS: fields.boolean(true),
  /** How long a proposal made through MCP stays open for signatures, unless policy is shorter. */
  MCP_PROPOSAL_TTL_HOURS: fields.positiveInt(8),
  /** Development only: POST /mcp/dev-token exchanges an Andon session token for an MCP token. */
  MCP_DEV_TOKEN_ENDPOINT: fields.boolean(true),
});

export type McpConfig = z.infer<typeof mcpConfigSchema>;

/** What the module needs; the composition root may pass a wider config. */
export type McpSettings = Omit<McpConfig, keyof z.infer<typeof adapterSchema>>;

export const loadMcpConfig = (env: Record<string, string | undefined> = process.env): McpConfig =>
  loadConfig(mcpConfigSchema, env);

export function resourceUrlOf(config: Pick<McpSettings, 'MCP_RESOURCE_URL' | 'HTTP_PORT'>): string {
  return (config.MCP_RESOURCE_URL ?? `http://localhost:${config.HTTP_PORT}/mcp`).replace(/\/$/, '');
}
