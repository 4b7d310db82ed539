import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';

export interface NcrRecord extends SiteScoped {
  line: string;
  ncrId: string;
  /** 'qms' for an NCR raised in the QMS, 'deviation' for one the agent opened from failing checks. */
  origin: 'qms' | 'deviation';
  category: string;
  severity: string;
  product: string;
  supplier: string;
  description: string;
  lotIds: string[];
  eventId: string;
  occurredAt: number;
  /** The gateway flagged this NCR's text (an injection or a forbidden instruction) when it was triaged: it stays flagged when reused. */
  flagged?: boolean;
}

export interface SimilarNcr {
  record: NcrRecord;
  /** What it shares with the new NCR, most telling first. */
  shared: Array<'category' | 'product' | 'supplier'>;
}

const CANDIDATES_PER_FIELD = 50;

/** Past NCRs per site, searched by category, product and supplier. */
export class NcrHistoryRepository extends ScopedRepository<NcrRecord> {
  static async open(store: DocumentStore): Promise<NcrHistoryRepository> {
    return new NcrHistoryRepository(
      await store.collection<NcrRecord>('quality_agent_ncrs', [
        { name: 'by_site_category', fields: { site: 1, category: 1, occurredAt: -1 } },
        { name: 'by_site_product', fields: { site: 1, product: 1, occurredAt: -1 } },
        { name: 'by_site_supplier', fields: { site: 1, supplier: 1, occurredAt: -1 } },
      ]),
    );
  }

  static idOf(site: string, ncrId: string): string {
    return `${site}:${ncrId}`;
  }

  /** Earlier NCRs of the site sharing category, product or supplier; more shared fields rank first, then the most recent. */
  async similar(
    site: string,
    ncr: { ncrId: string; category: string; product: string; supplier: string; before: number },
    limit: number,
  ): Promise<SimilarNcr[]> {
    const byId = new Map<string, SimilarNcr>();
    for (const field of ['category', 'product', 'supplier'] as const) {
      const value = ncr[field];
      if (!value) continue;
      const found = await this.find(
        [site],
        { [field]: value, occurredAt: { $lte: ncr.before } },
        { sort: { occurredAt: -1, _id: 1 }, limit: CANDIDATES_PER_FIELD },
      );
      for (const record of found) {
        if (record.ncrId === ncr.ncrId) continue;
        const entry = byId.get(record._id) ?? { record, shared: [] };
        entry.shared.push(field);
        byId.set(record._id, entry);
      }
    }
    return [...byId.values()]
      .sort(
        (a, b) =>
          b.shared.length - a.shared.length ||
          b.record.occurredAt - a.record.occurredAt ||
          a.record._id.localeCompare(b.record._id),
      )
      .slice(0, limit);
  }
}
