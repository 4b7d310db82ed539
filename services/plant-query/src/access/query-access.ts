import { ROLES, STAFF_ROLES, type Role } from '@andon/governance/auth';
import { metricAllows, type Dimension, type MetricId } from '../catalogue/metric-catalogue';
import type { PlantQuery } from '../query/plant-query.dsl';

/**
 * Who may ask what, beyond sites. Kept as two small tables so a reviewer can read the
 * whole policy at once:
 * - Line performance (downtime, scrap, yield, OEE, alarms, MTTR/MTBF) is for everyone
 *   on the site, operators included.
 * - Supplier and lot traceability (which supplier's material went where) is commercially
 *   sensitive: supervisors, planners, quality, compliance, management. The NCR register
 *   (open NCRs, NCR cycle time) is quality sensitive: supervisors, quality, compliance,
 *   management.
 * A role missing from a list is refused with the roles that would be allowed.
 */
const EVERYONE: readonly Role[] = ROLES;
const SENSITIVE: readonly Role[] = STAFF_ROLES;

const NCR_REGISTER: readonly Role[] = [
  'production_supervisor',
  'quality_engineer',
  'compliance_officer',
  'plant_manager',
  'admin',
];

export const METRIC_ROLES: Readonly<Record<MetricId, readonly Role[]>> = {
  downtime_minutes: EVERYONE,
  scrap_rate: EVERYONE,
  first_pass_yield: EVERYONE,
  oee: EVERYONE,
  alarm_count: EVERYONE,
  mttr: EVERYONE,
  mtbf: EVERYONE,
  open_ncrs: NCR_REGISTER,
  ncr_cycle_time: NCR_REGISTER,
  lots: SENSITIVE,
};

/** Dimensions that reveal more than line performance, whichever metric they are used with. */
export const DIMENSION_ROLES: Readonly<Partial<Record<Dimension, readonly Role[]>>> = {
  supplier: SENSITIVE,
  material: SENSITIVE,
};

export interface CallerScope {
  roles: readonly Role[];
  /** Lines the caller is limited to (an operator's own line); undefined = every line of their sites. */
  lines?: readonly string[] | undefined;
}

export type AccessDecision =
  | { ok: true; query: PlantQuery }
  | { ok: false; code: 'role-not-permitted' | 'line-out-of-scope'; message: string };

const allowed = (roles: readonly Role[], permitted: readonly Role[]): boolean =>
  roles.some((r) => permitted.includes(r));

/**
 * Checks a validated query against the caller's roles and line scope. A caller with a
 * line scope who names no line gets the query narrowed to their lines (shown in the
 * query returned), never widened; naming another line is refused.
 */
export function checkAccess(query: PlantQuery, caller: CallerScope): AccessDecision {
  const metricRoles = METRIC_ROLES[query.metric];
  if (!allowed(caller.roles, metricRoles)) {
    return {
      ok: false,
      code: 'role-not-permitted',
      message: `${query.metric} is available to ${metricRoles.join(', ')}; your roles: ${caller.roles.join(', ') || 'none'}`,
    };
  }
  const used = new Set<Dimension>([
    ...(Object.keys(query.filters) as Dimension[]).filter(
      (d) => query.filters[d as keyof PlantQuery['filters']] !== undefined,
    ),
    ...query.groupBy,
  ]);
  for (const dim of used) {
    const dimRoles = DIMENSION_ROLES[dim];
    if (dimRoles && !allowed(caller.roles, dimRoles)) {
      return {
        ok: false,
        code: 'role-not-permitted',
        message: `figures by ${dim} are available to ${dimRoles.join(', ')}; your roles: ${caller.roles.join(', ') || 'none'}`,
      };
    }
  }
  const lines = caller.lines;
  if (lines === undefined || lines.length === 0) return { ok: true, query };
  const named = query.filters.line;
  if (named) {
    const outside = named.filter((l) => !lines.includes(l));
    if (outside.length > 0)
      return {
        ok: false,
        code: 'line-out-of-scope',
        message: `you are limited to ${lines.join(', ')}; not ${outside.join(', ')}`,
      };
    return { ok: true, query };
  }
  if (!metricAllows(query.metric, 'line'))
    return {
      ok: false,
      code: 'line-out-of-scope',
      message: `${query.metric} cannot be limited to your lines (${lines.join(', ')})`,
    };
  return { ok: true, query: { ...query, filters: { ...query.filters, line: [...lines] } } };
}
