import type { SiteScoped } from '@andon/persistence';

export const FACT_KINDS = [
  'count',
  'downtime_start',
  'downtime_end',
  'quality_fail',
  'ncr',
  /** A CLOSED update of an NCR raised earlier (ref = the NCR id): it no longer holds product. */
  'ncr_closed',
  'note',
  'alarm',
  'maintenance',
  'material',
  'labour',
  'work_order',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/**
 * One plant event as the production agent keeps it: flat, with the few fields its use
 * cases read, keyed by event id so a redelivered event is stored once. Fields that do
 * not apply to a kind are absent.
 */
export interface LineFact extends SiteScoped {
  line: string;
  kind: FactKind;
  /** occurred_at, epoch ms */
  at: number;
  eventId: string;
  /** Record id in the source system: NCR, check, note, alarm code, work order, material, badge. */
  ref?: string;
  text?: string;
  state?: string;
  machineId?: string;
  lotId?: string;
  product?: string;
  supplier?: string;
  crew?: string;
  reason?: string;
  downtimeId?: string;
  /** downtime_end: when the stop began, epoch ms, when the source says */
  startedAt?: number;
  good?: number;
  scrap?: number;
  quantity?: number;
  planned?: number;
  completed?: number;
  /** work_order: due date, epoch ms */
  dueAt?: number;
  workOrderId?: string;
  parts?: string;
}
