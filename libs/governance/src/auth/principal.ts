import { z } from 'zod';
import { ALL_SITES, roleSchema, type Role } from './role';

export interface Principal {
  userId: string;
  name: string;
  roles: Role[];
  /** site codes in scope; "*" means every site */
  sites: string[];
}

export const principalSchema = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(roleSchema).min(1),
  sites: z.array(z.string().min(1)).min(1),
});

export function hasSite(principal: { sites: readonly string[] }, site: string): boolean {
  return principal.sites.includes(ALL_SITES) || principal.sites.includes(site);
}

/**
 * Identity providers put roles and sites under different claim names; the mapping is
 * configuration, the validation is not. Role strings Andon does not know (an IdP's
 * `offline_access`, another product's roles) are dropped rather than refused, but a
 * token with no Andon role at all is refused.
 */
export interface ClaimMapping {
  userIdClaim: string;
  nameClaims: string[];
  rolesClaim: string;
  sitesClaim: string;
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = {
  userIdClaim: 'sub',
  nameClaims: ['name', 'preferred_username'],
  rolesClaim: 'roles',
  sitesClaim: 'sites',
};

export type PrincipalFromClaims = { ok: true; principal: Principal } | { ok: false; message: string };

const claimsSchema = (m: ClaimMapping) =>
  z.object({
    [m.userIdClaim]: z
      .string({ error: `claim "${m.userIdClaim}" (user id) must be a string` })
      .min(1, { error: `claim "${m.userIdClaim}" (user id) must not be empty` }),
    [m.rolesClaim]: z.array(z.string(), { error: `claim "${m.rolesClaim}" must be an array of role names` }),
    [m.sitesClaim]: z
      .array(z.string().min(1), { error: `claim "${m.sitesClaim}" must be an array of site codes` })
      .min(1, { error: `claim "${m.sitesClaim}" must name at least one site` }),
  });

export function principalFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping = DEFAULT_CLAIM_MAPPING): PrincipalFromClaims {
  const parsed = claimsSchema(mapping).safeParse(claims);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  }
  const userId = parsed.data[mapping.userIdClaim] as string;
  const rawRoles = parsed.data[mapping.rolesClaim] as string[];
  const roles = [...new Set(rawRoles.flatMap((r) => (roleSchema.safeParse(r).success ? [r as Role] : [])))];
  if (roles.length === 0) {
    return { ok: false, message: `claim "${mapping.rolesClaim}" holds no Andon role (got ${JSON.stringify(rawRoles)})` };
  }
  const nameClaim = mapping.nameClaims.map((c) => claims[c]).find((v): v is string => typeof v === 'string' && v.length > 0);
  const sites = [...new Set(parsed.data[mapping.sitesClaim] as string[])];
  return { ok: true, principal: { userId, name: nameClaim ?? userId, roles, sites } };
}
