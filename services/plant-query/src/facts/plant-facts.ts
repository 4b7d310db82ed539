import type { SiteScoped } from '@andon/persistence';
import type { FactKind } from '../catalogue/metric-catalogue';

/**
 * The operational store: one document per plant fact, keyed by the event id that
 * produced it (so a redelivered event inserts nothing). Location, shift and local day
 * are written once at ingest time from the site calendar, so queries filter on plain
 * fields on both store adapters.
 */
export interface FactBase extends SiteScoped {
  eventId: string;
  area: string;
  line: string;
  cell: string;
  shift: string;
  /** Local calendar day (YYYY-MM-DD) at the site. */
  day: string;
  /** Epoch ms of the fact (for downtime: the stop's start). */
  atMs: number;
}

export interface ProductionFact extends FactBase {
  product: string;
  lotId: string;
  workOrderId: string;
  machineId: string;
  good: number;
  scrap: number;
}

export interface DowntimeFact extends FactBase {
  machineId: string;
  downtimeId: string;
  reason: string;
  reasonCode: string;
  startMs: number;
  endMs: number;
}

export interface QualityFact extends FactBase {
  checkId: string;
  characteristic: string;
  product: string;
  lotId: string;
  passed: boolean;
}

export interface AlarmFact extends FactBase {
  machineId: string;
  alarmCode: string;
  severity: string;
  message: string;
}

/** Where the NCR stood in this event: 'open' for a raising (status OPEN or unspecified). */
export type NcrStatus = 'open' | 'contained' | 'closed' | 'unrecognized';

export interface NcrFact extends FactBase {
  ncrId: string;
  /** Absent on facts projected before the contract had a status: those were all raisings ('open'). */
  status?: NcrStatus;
  category: string;
  severity: string;
  product: string;
  supplier: string;
  lotIds: string[];
  quantityAffected: number;
}

export interface LotFact extends FactBase {
  lotId: string;
  material: string;
  /** Leading word of the material id, lower case ("RESIN-PX" -> "resin"): what people ask about. */
  materialClass: string;
  supplier: string;
  state: string;
  quantity: number;
}

export interface GenealogyFact extends FactBase {
  parentLotId: string;
  childLotId: string;
  material: string;
}

/**
 * Production counts summed per UTC hour and per everything a query can filter or group
 * production by (line, cell, product, shift, local day), so the same filters apply to
 * buckets and facts. Always recomputed from the hour's facts, never incremented: a
 * redelivered or replayed count cannot be added twice.
 */
export interface ProductionHourly extends FactBase {
  product: string;
  good: number;
  scrap: number;
  /** The production facts summed here, for links to the underlying records. */
  factIds: string[];
}

/** A stop whose end has not arrived yet; closed into a DowntimeFact by its DowntimeEnd. */
export interface OpenStop extends SiteScoped {
  eventId: string;
  line: string;
  machineId: string;
  downtimeId: string;
  startMs: number;
  /** The reason the start gave (downtimeReasonName); absent on stops projected before it was kept. */
  reason?: string;
}

export interface FactsByKind {
  production: ProductionFact;
  downtime: DowntimeFact;
  quality: QualityFact;
  alarm: AlarmFact;
  ncr: NcrFact;
  lot: LotFact;
}

export type AnyFact = FactsByKind[FactKind];

export const FACT_COLLECTIONS: Readonly<
  Record<FactKind | 'genealogy' | 'open_stop' | 'production_hourly', string>
> = {
  production: 'pq_production',
  downtime: 'pq_downtime',
  quality: 'pq_quality',
  alarm: 'pq_alarms',
  ncr: 'pq_ncrs',
  lot: 'pq_lots',
  genealogy: 'pq_genealogy',
  open_stop: 'pq_open_stops',
  production_hourly: 'pq_production_hourly',
};
