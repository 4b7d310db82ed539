import type { DocumentCollection, DocumentStore, Filter, Versioned } from '@andon/persistence';
import type { CodeKind } from '@andon/plant-model';

export const UNMAPPED_COLLECTION = 'unmapped_codes';

export interface UnmappedCode extends Versioned {
  site: string;
  kind: CodeKind;
  code: string;
  /** Events published with this code unmapped (at least; a retried event may count twice). */
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Canonical id of the latest event that carried it, to look one up. */
  lastEventId: string;
  /** Code map version that lacked it when last seen. */
  codeMap: string;
}

export interface UnmappedSighting {
  site: string;
  kind: CodeKind;
  code: string;
  eventId: string;
  codeMap: string;
  at: Date;
}

// Increments race with other ingest replicas; a handful of compare-and-set attempts
// settles them, and a count that stays one short is acceptable (it is a work list, not a ledger).
const MAX_ATTEMPTS = 5;

/**
 * The work list of codes to add to the site maps, persisted so the CLI and the HTTP
 * endpoint list it from any process. One document per (site, kind, code).
 */
export class UnmappedCodesRepository {
  private constructor(private readonly codes: DocumentCollection<UnmappedCode>) {}

  static async open(store: DocumentStore): Promise<UnmappedCodesRepository> {
    const codes = await store.collection<UnmappedCode>(UNMAPPED_COLLECTION, [
      { name: 'by_site_kind', fields: { site: 1, kind: 1, code: 1 } },
      { name: 'by_last_seen', fields: { lastSeenAt: -1 } },
    ]);
    return new UnmappedCodesRepository(codes);
  }

  static idOf(site: string, kind: CodeKind, code: string): string {
    return `${site}|${kind}|${encodeURIComponent(code)}`;
  }

  async record(sighting: UnmappedSighting): Promise<void> {
    const id = UnmappedCodesRepository.idOf(sighting.site, sighting.kind, sighting.code);
    const at = sighting.at.toISOString();
    const fresh = {
      site: sighting.site,
      kind: sighting.kind,
      code: sighting.code,
      lastEventId: sighting.eventId,
      codeMap: sighting.codeMap,
    };
    if (
      (await this.codes.insert({ _id: id, ...fresh, count: 1, firstSeenAt: at, lastSeenAt: at })) ===
      'inserted'
    )
      return;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.codes.get(id);
      if (!existing) return;
      const patch = {
        count: existing.count + 1,
        lastSeenAt: at > existing.lastSeenAt ? at : existing.lastSeenAt,
        lastEventId: sighting.eventId,
        codeMap: sighting.codeMap,
      };
      if (await this.codes.compareAndSet(id, existing.version, patch)) return;
    }
  }

  /** Most recently seen first. */
  async list(filter: { site?: string; kind?: CodeKind; limit?: number } = {}): Promise<UnmappedCode[]> {
    const query: Filter = {};
    if (filter.site) query['site'] = filter.site;
    if (filter.kind) query['kind'] = filter.kind;
    return this.codes.find(query, { sort: { lastSeenAt: -1 }, limit: filter.limit ?? 500 });
  }

  /** Removes entries a new map version now covers, so the list shows only open work. */
  async resolve(site: string, kind: CodeKind, code: string): Promise<boolean> {
    return (await this.codes.deleteMany({ _id: UnmappedCodesRepository.idOf(site, kind, code) })) > 0;
  }
}
