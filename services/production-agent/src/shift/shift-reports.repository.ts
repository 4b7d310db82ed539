import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';
import type { SiteId } from '@andon/plant-model';

export interface ShiftReport extends SiteScoped {
  line: string;
  shiftId: string;
  shiftCode: string;
  startedAt: number;
  endedAt: number;
  plannedMinutes: number;
  downtimeMinutes: number;
  good: number;
  scrap: number;
  availability: number;
  performance: number | null;
  quality: number;
  oee: number | null;
  pareto: Array<{ reason: string; minutes: number }>;
  /** Stop minutes per machine (absent on reports stored before it was recorded). */
  machinePareto?: Array<{ machineId: string; minutes: number }>;
  dataQualityIssues: string[];
  handoffTitle: string;
  handoffBody: string;
  /** The handoff's citations in order ([S0] is the first); absent on older reports. */
  citations?: Array<{ kind: string; id: string; revision: string; note: string }>;
  /** Some input behind the handoff was flagged (injection or forbidden instruction): the console warns on it. */
  inputFlagged?: boolean;
  /** Kinds of those findings, never their text. */
  injectionKinds?: string[];
  /** The proposed MES shift-log post the incoming supervisor signs as acknowledgement. */
  actionId?: string;
  /** epoch ms the agent produced the report */
  createdAt: number;
  eventId: string;
}

/** One report per line and shift, kept for the console's report view. */
export class ShiftReportsRepository extends ScopedRepository<ShiftReport> {
  static async open(store: DocumentStore): Promise<ShiftReportsRepository> {
    return new ShiftReportsRepository(
      await store.collection<ShiftReport>('production_agent_shift_reports', [
        { name: 'by_site_ended', fields: { site: 1, endedAt: -1 } },
        { name: 'by_site_created', fields: { site: 1, createdAt: -1 } },
      ]),
    );
  }

  static idOf(site: string, line: string, shiftId: string): string {
    return `${site}:${line}:${shiftId}`;
  }

  recent(sites: readonly SiteId[], since: number, limit: number): Promise<ShiftReport[]> {
    return this.find(sites, { endedAt: { $gte: since } }, { sort: { endedAt: -1, _id: 1 }, limit });
  }

  latestHandoffs(sites: readonly SiteId[], limit: number): Promise<ShiftReport[]> {
    return this.find(sites, {}, { sort: { createdAt: -1, _id: 1 }, limit });
  }
}
