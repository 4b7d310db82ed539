import { z } from 'zod';

export const ROLES = [
  'operator',
  'production_supervisor',
  'quality_engineer',
  'maintenance_planner',
  'production_planner',
  'compliance_officer',
  'plant_manager',
  'admin',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * Every role but the operator's: the people who review, sign, plan and audit decisions. What
 * produced a decision, what reached the MES and the plant's sensitive figures are theirs.
 */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'operator');

/** Site scope value that grants every site (enterprise-level staff). */
export const ALL_SITES = '*';
