import { DowntimeReason } from '@andon/contracts';

/**
 * Canonical vocabularies a site code map may translate to. A map naming anything else
 * fails to load, so a typo cannot silently create a new "canonical" code. Downtime
 * reasons are the proto enum; alarms and NCR categories are strings in the protos, so
 * their vocabularies live here (extend them with the agents that consume them).
 */
export const CANONICAL_DOWNTIME_REASONS = [
  'MECHANICAL_FAILURE',
  'ELECTRICAL_FAILURE',
  'CHANGEOVER',
  'MATERIAL_SHORTAGE',
  'QUALITY_HOLD',
  'PLANNED_MAINTENANCE',
  'NO_OPERATOR',
  'STARVED',
  'BLOCKED',
  'NO_DEMAND',
] as const satisfies readonly (keyof typeof DowntimeReason)[];

export type CanonicalDowntimeReason = (typeof CANONICAL_DOWNTIME_REASONS)[number];

export const CANONICAL_ALARM_CODES = [
  'overtemperature',
  'undertemperature',
  'vibration_high',
  'pressure_low',
  'pressure_high',
  'jam',
  'overcurrent',
  'emergency_stop',
  'guard_open',
  'communication_loss',
  'level_low',
  'level_high',
] as const;

export const CANONICAL_NCR_CATEGORIES = [
  'dimensional',
  'visual',
  'material',
  'contamination',
  'labelling',
  'packaging',
  'functional',
  'documentation',
] as const;

/** The three site-local vocabularies a code map translates; also the metric label `kind`. */
export const CODE_KINDS = ['downtime_reason', 'alarm_code', 'ncr_category'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export function downtimeReasonOf(name: CanonicalDowntimeReason): DowntimeReason {
  return DowntimeReason[name];
}
