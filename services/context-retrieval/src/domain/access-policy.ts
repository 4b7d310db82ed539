import type { IndexFilter } from '../knowledge-index/knowledge-index.port';
import {
  CLASSIFICATIONS,
  DOC_STATUSES,
  PROCEDURE_TYPES,
  type Classification,
  type DocType,
} from './knowledge-chunk';

/** Roles that may read draft and obsolete text (deviation and NCR investigations, audits). */
export const INVESTIGATION_ROLES: readonly string[] = ['quality_engineer', 'compliance_officer', 'admin'];

/**
 * The highest classification each role is cleared for. A caller's clearance is the
 * highest over its roles; a clearance claimed in a request is capped by it.
 */
const ROLE_CLEARANCE: Readonly<Record<string, Classification>> = {
  operator: 'internal',
  production_supervisor: 'confidential',
  maintenance_planner: 'confidential',
  production_planner: 'confidential',
  plant_manager: 'confidential',
  quality_engineer: 'restricted',
  compliance_officer: 'restricted',
  admin: 'restricted',
};

export const ALL_SITES = '*';

export interface CallerContext {
  userId: string;
  roles: readonly string[];
  /** Sites in scope; '*' grants every site; empty grants none. */
  sites: readonly string[];
  /** Requested clearance (gRPC Caller.clearance); never raises what the roles allow. */
  clearance?: Classification | undefined;
}

export interface RetrievalScope {
  site?: string | undefined;
  line?: string | undefined;
  product?: string | undefined;
  revision?: string | undefined;
  documentId?: string | undefined;
  docTypes?: readonly DocType[] | undefined;
  /** Epoch ms; the instant whose effective revisions answer. Default: now. */
  asOf?: number | undefined;
  includeNonEffective?: boolean | undefined;
  occurredFrom?: number | undefined;
  occurredTo?: number | undefined;
}

export type DenialReason = 'caller_not_cleared' | 'site_not_in_scope' | 'not_investigation_role';

export type AccessDecision =
  | {
      ok: true;
      filter: IndexFilter;
      /** True when only approved revisions effective at `at` can be returned. */
      effectiveOnly: boolean;
      at: number;
    }
  | { ok: false; reason: DenialReason; message: string };

export function isInvestigator(roles: readonly string[]): boolean {
  return roles.some((r) => INVESTIGATION_ROLES.includes(r));
}

export function roleClearance(roles: readonly string[]): Classification | null {
  const ranks = roles
    .map((r) => ROLE_CLEARANCE[r])
    .filter((c): c is Classification => c !== undefined)
    .map((c) => CLASSIFICATIONS.indexOf(c));
  return ranks.length ? (CLASSIFICATIONS[Math.max(...ranks)] ?? null) : null;
}

export function effectiveClearance(caller: CallerContext): Classification | null {
  const allowed = roleClearance(caller.roles);
  if (allowed === null) return null;
  if (!caller.clearance) return allowed;
  return (
    CLASSIFICATIONS[Math.min(CLASSIFICATIONS.indexOf(allowed), CLASSIFICATIONS.indexOf(caller.clearance))] ??
    null
  );
}

/**
 * Turns who is asking and what they asked for into the index filter. Everything the
 * caller may not see is excluded inside the engine, before ranking.
 * - `retrieve`: approved revisions effective at `asOf` (default now); investigation roles
 *   may ask for draft and obsolete text too (includeNonEffective).
 * - `ask`: operator guidance, so only procedures approved and effective now.
 */
export function governedFilter(
  caller: CallerContext,
  scope: RetrievalScope,
  mode: 'retrieve' | 'ask',
  now: number,
): AccessDecision {
  const clearance = effectiveClearance(caller);
  if (clearance === null || caller.sites.length === 0) {
    return {
      ok: false,
      reason: 'caller_not_cleared',
      message: `caller ${caller.userId || '(anonymous)'} has no Andon role or no site in scope`,
    };
  }
  const everySite = caller.sites.includes(ALL_SITES);
  if (scope.site && !everySite && !caller.sites.includes(scope.site)) {
    return {
      ok: false,
      reason: 'site_not_in_scope',
      message: `site ${scope.site} is not in the caller's scope (${caller.sites.join(', ')})`,
    };
  }
  const wantsNonEffective = mode === 'retrieve' && scope.includeNonEffective === true;
  if (wantsNonEffective && !isInvestigator(caller.roles)) {
    return {
      ok: false,
      reason: 'not_investigation_role',
      message: `draft and obsolete revisions are for ${INVESTIGATION_ROLES.join(', ')} only`,
    };
  }
  const at = mode === 'ask' ? now : (scope.asOf ?? now);
  const docTypes =
    mode === 'ask'
      ? scope.docTypes?.length
        ? scope.docTypes.filter((t) => PROCEDURE_TYPES.includes(t))
        : PROCEDURE_TYPES
      : scope.docTypes?.length
        ? scope.docTypes
        : undefined;
  const filter: IndexFilter = {
    allowedSites: everySite ? 'all' : [...caller.sites],
    maxClassification: clearance,
    ...(scope.site ? { site: scope.site } : {}),
    ...(scope.line ? { line: scope.line } : {}),
    ...(scope.product ? { product: scope.product } : {}),
    ...(scope.revision ? { revision: scope.revision } : {}),
    ...(scope.documentId ? { documentId: scope.documentId } : {}),
    ...(docTypes ? { docTypes } : {}),
    ...(mode === 'ask' ? { kinds: ['document' as const] } : {}),
    ...(scope.occurredFrom !== undefined ? { occurredFrom: scope.occurredFrom } : {}),
    ...(scope.occurredTo !== undefined ? { occurredTo: scope.occurredTo } : {}),
    ...(wantsNonEffective
      ? { statuses: [...DOC_STATUSES] }
      : { statuses: ['approved' as const], effectiveAt: at }),
  };
  return { ok: true, filter, effectiveOnly: !wantsNonEffective, at };
}
