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

/** Site scope value that grants every site (enterprise-level staff). */
export const ALL_SITES = '*';
