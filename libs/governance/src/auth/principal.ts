import { z } from 'zod';
import { ALL_SITES, roleSchema, type Role } from './role';

export interface Principal {
  userId: string;
  name: string;
  roles: Role[];
  /** site codes in scope; "*" means every site */
  sites: string[];
  /**
   * Optional narrowing to lines, each "<site>/<line>" or "<site>/*" (the whole site).
   * Absent: every line of the sites above. Present: only these lines; something not tied
   * to a line (a site-wide action) only with "<site>/*".
   */
  lines?: string[];
}

/** "<site>/<line>" or "<site>/*"; neither part empty or containing "/". */
export const LINE_SCOPE = /^[^/\s]+\/[^/\s]+$/;

/** The principal's fields; `principalSchema` adds the cross-field line-scope check. */
export const principalFields = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(roleSchema).min(1),
  sites: z.array(z.string().min(1)).min(1),
  lines: z
    .array(z.string().regex(LINE_SCOPE, { error: 'a line scope looks like "<site>/<line>" or "<site>/*"' }))
    .min(1)
    .optional(),
});

/** superRefine step: every line scope names one of the sites. */
export function refineLineScope(
  value: { sites: readonly string[]; lines?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
): void {
  for (const problem of lineScopeProblems(value.sites, value.lines))
    ctx.addIssue({ code: 'custom', path: ['lines'], message: problem });
}

export const principalSchema = principalFields.superRefine(refineLineScope);

export function hasSite(principal: { sites: readonly string[] }, site: string): boolean {
  return principal.sites.includes(ALL_SITES) || principal.sites.includes(site);
}

/**
 * Whether the principal's line scope covers `line` of `site`: always without a line
 * scope; with one, for a line it names or for anything of a site it names as "<site>/*",
 * which includes '' (an action or record not tied to a line). The site scope is checked
 * separately.
 */
export function hasLine(
  principal: { lines?: readonly string[] | undefined },
  site: string,
  line: string,
): boolean {
  const lines = principal.lines;
  if (lines === undefined || lines.includes(`${site}/*`)) return true;
  return line !== '' && lines.includes(`${site}/${line}`);
}

/**
 * The sites a principal may read at all: its sites, or with a line scope only the sites
 * the scope names ("*" sites narrowed to them too). Read paths that do not filter by
 * line (document retrieval, the ledger) use this, so a line scope never reads more than
 * its sites; within such a site they do not narrow further.
 */
export function scopedSites(principal: {
  sites: readonly string[];
  lines?: readonly string[] | undefined;
}): string[] {
  if (principal.lines === undefined) return [...principal.sites];
  const named = [...new Set(principal.lines.map((l) => l.split('/')[0] ?? ''))];
  return principal.sites.includes(ALL_SITES) ? named : named.filter((s) => principal.sites.includes(s));
}

/**
 * Line scopes that could never apply, a configuration error rather than an empty scope:
 * one whose site is "*" (a line scope names one site), or whose site lies outside the
 * sites (unless the sites are "*", which no list can check).
 */
export function lineScopeProblems(sites: readonly string[], lines: readonly string[] | undefined): string[] {
  if (!lines) return [];
  return lines.flatMap((l) => {
    const site = l.split('/')[0] ?? '';
    if (site === ALL_SITES) return [`line scope "${l}" must name one site, not "${ALL_SITES}"`];
    if (!sites.includes(ALL_SITES) && !sites.includes(site))
      return [`line scope "${l}" names a site outside the sites ${JSON.stringify(sites)}`];
    return [];
  });
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
  /** optional claim narrowing the sites to lines ("<site>/<line>", "<site>/*") */
  linesClaim: string;
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = {
  userIdClaim: 'sub',
  nameClaims: ['name', 'preferred_username'],
  rolesClaim: 'roles',
  sitesClaim: 'sites',
  linesClaim: 'lines',
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
    [m.linesClaim]: z
      .array(
        z.string().regex(LINE_SCOPE, {
          error: `claim "${m.linesClaim}" holds a value that is not "<site>/<line>" or "<site>/*"`,
        }),
        {
          error: `claim "${m.linesClaim}" must be an array of line scopes`,
        },
      )
      .min(1, { error: `claim "${m.linesClaim}" must name at least one line when present` })
      .optional(),
  });

export function principalFromClaims(
  claims: Record<string, unknown>,
  mapping: ClaimMapping = DEFAULT_CLAIM_MAPPING,
): PrincipalFromClaims {
  const parsed = claimsSchema(mapping).safeParse(claims);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  }
  const userId = parsed.data[mapping.userIdClaim] as string;
  const rawRoles = parsed.data[mapping.rolesClaim] as string[];
  const roles = [...new Set(rawRoles.flatMap((r) => (roleSchema.safeParse(r).success ? [r as Role] : [])))];
  if (roles.length === 0) {
    return {
      ok: false,
      message: `claim "${mapping.rolesClaim}" holds no Andon role (got ${JSON.stringify(rawRoles)})`,
    };
  }
  const nameClaim = mapping.nameClaims
    .map((c) => claims[c])
    .find((v): v is string => typeof v === 'string' && v.length > 0);
  const sites = [...new Set(parsed.data[mapping.sitesClaim] as string[])];
  const rawLines = parsed.data[mapping.linesClaim] as string[] | undefined;
  const lines = rawLines ? [...new Set(rawLines)] : undefined;
  const lineProblems = lineScopeProblems(sites, lines);
  if (lineProblems.length > 0)
    return { ok: false, message: `claim "${mapping.linesClaim}": ${lineProblems.join('; ')}` };
  return {
    ok: true,
    principal: { userId, name: nameClaim ?? userId, roles, sites, ...(lines ? { lines } : {}) },
  };
}
