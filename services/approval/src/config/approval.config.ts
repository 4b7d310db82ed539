import { z } from 'zod';
import { adapterSchema, fields, loadConfig, userAuthFields } from '@andon/config';

export const approvalConfigSchema = adapterSchema.extend({
  HTTP_PORT: fields.port(8080),
  /** 0 picks a free port (tests); the gRPC server is not started when GRPC_ENABLED is false. */
  GRPC_PORT: fields.port(50051),
  GRPC_ENABLED: fields.boolean(true),
  /** Ed25519 private key, PKCS#8 PEM ("\n" escapes allowed). Absent: dev key under ANDON_DATA_DIR. */
  APPROVAL_SIGNING_KEY_PEM: z.string().optional(),
  /** People's tokens: the HS256 secret (with a users file it enables POST /api/auth/login) or the IdP's JWKS. */
  ...userAuthFields,
  /** How long a token issued by POST /api/auth/login lives (jose span: 30m, 8h ...). */
  LOGIN_TOKEN_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, { error: 'must look like 30m, 8h or 1d' })
    .default('8h'),
  POLICY_DIR: z.string().default('policies'),
  /** YAML/JSON list of users with scrypt hashes; defaults to the shipped demo users. */
  USERS_FILE: z.string().optional(),
  EXPIRY_SWEEP_MS: fields.positiveInt(5_000),
  CONSUMER_GROUP: z.string().default('approval'),
});

export type ApprovalConfig = z.infer<typeof approvalConfigSchema>;

export const loadApprovalConfig = (env: Record<string, string | undefined> = process.env): ApprovalConfig =>
  loadConfig(approvalConfigSchema, env);
