import { z } from 'zod';

/** `ANDON_PROFILE`: `development` (the default: laptops, tests, the demo) or `production`. */
export const profileSchema = z.enum(['development', 'production']).default('development');
export type AndonProfile = z.infer<typeof profileSchema>;

export function activeProfile(env: Record<string, string | undefined> = process.env): AndonProfile {
  const parsed = profileSchema.safeParse(env['ANDON_PROFILE'] === '' ? undefined : env['ANDON_PROFILE']);
  if (!parsed.success)
    throw new ProductionProfileError('ANDON_PROFILE', [
      { variable: 'ANDON_PROFILE', problem: 'must be "development" or "production"' },
    ]);
  return parsed.data;
}

/** One refused setting: the variable to change and why. */
export interface ProfileViolation {
  variable: string;
  problem: string;
}

export class ProductionProfileError extends Error {
  constructor(
    readonly service: string,
    readonly violations: readonly ProfileViolation[],
  ) {
    super(
      `${service} refuses to start with ANDON_PROFILE=production:\n` +
        violations.map((v) => `  - ${v.variable}: ${v.problem}`).join('\n'),
    );
    this.name = 'ProductionProfileError';
  }
}

/** A check returns the violations it found (none: the setting is acceptable). */
export type ProfileCheck = (env: Record<string, string | undefined>) => ProfileViolation[];

/**
 * Runs a service's production checks when ANDON_PROFILE=production; throws one error
 * naming every offending variable, so an operator fixes them in one pass.
 */
export function enforceProductionProfile(
  service: string,
  env: Record<string, string | undefined>,
  checks: readonly ProfileCheck[],
): AndonProfile {
  const profile = activeProfile(env);
  if (profile !== 'production') return profile;
  const violations = checks.flatMap((check) => check(env));
  if (violations.length > 0) throw new ProductionProfileError(service, violations);
  return profile;
}

/** 32 random bytes in base64 are 44 characters. */
const MIN_PRODUCTION_SECRET = 43;

const set = (env: Record<string, string | undefined>, name: string): boolean =>
  (env[name] ?? '').trim() !== '';

/** The checks every service that authenticates people shares. */
export const productionChecks = {
  /**
   * People's tokens: the identity provider's JWKS, or (air-gapped plants) an HS256 secret
   * of at least 256 bits set by the operator; either way bound to an issuer and audience.
   */
  userTokens: (env: Record<string, string | undefined>): ProfileViolation[] => {
    const out: ProfileViolation[] = [];
    const secret = (env['JWT_HS256_SECRET'] ?? '').trim();
    if (!set(env, 'JWKS_URL') && secret === '')
      out.push({
        variable: 'JWKS_URL',
        problem:
          'required: the identity provider JWKS endpoint (or JWT_HS256_SECRET for an air-gapped plant)',
      });
    if (secret !== '' && secret.length < MIN_PRODUCTION_SECRET) {
      out.push({
        variable: 'JWT_HS256_SECRET',
        problem: `too short for production: at least ${MIN_PRODUCTION_SECRET} characters (256 random bits, e.g. openssl rand -base64 32)`,
      });
    }
    if (!set(env, 'JWT_ISSUER'))
      out.push({
        variable: 'JWT_ISSUER',
        problem: 'required: without it tokens from any issuer would be accepted',
      });
    if (!set(env, 'JWT_AUDIENCE'))
      out.push({
        variable: 'JWT_AUDIENCE',
        problem: 'required: without it tokens meant for other applications would be accepted',
      });
    return out;
  },
  /** A variable that must be set (a credential, a key). */
  required:
    (variable: string, why: string): ProfileCheck =>
    (env) =>
      set(env, variable) ? [] : [{ variable, problem: `required: ${why}` }],
  /** A variable that must not be set in production (a development convenience). */
  forbidden:
    (variable: string, why: string): ProfileCheck =>
    (env) =>
      set(env, variable) ? [{ variable, problem: why }] : [],
};
