import type { DocumentCollection, DocumentStore, Filter, Versioned } from '@andon/persistence';
import type { UnmappedSighting } from '../protocol-message';

export const UNMAPPED_PATHS_COLLECTION = 'unmapped_protocol_paths';

export interface UnmappedPath extends Versioned {
  site: string;
  protocol: UnmappedSighting['protocol'];
  path: string;
  /** Values dead-lettered for it (at least; a redelivered message may count twice). */
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

const MAX_ATTEMPTS = 5;

/**
 * The work list of Sparkplug metrics and UNS topics to add to the protocol maps: the
 * twin of `unmapped_codes` for site codes. One document per (site, protocol, path).
 */
export class UnmappedPathsRepository {
  private constructor(private readonly paths: DocumentCollection<UnmappedPath>) {}

  static async open(store: DocumentStore): Promise<UnmappedPathsRepository> {
    return new UnmappedPathsRepository(
      await store.collection<UnmappedPath>(UNMAPPED_PATHS_COLLECTION, [
        { name: 'by_last_seen', fields: { lastSeenAt: -1 } },
      ]),
    );
  }

  async record(sighting: UnmappedSighting, at: Date): Promise<void> {
    const id = `${sighting.site}|${sighting.protocol}|${encodeURIComponent(sighting.path)}`;
    const when = at.toISOString();
    if (
      (await this.paths.insert({ _id: id, ...sighting, count: 1, firstSeenAt: when, lastSeenAt: when })) ===
      'inserted'
    )
      return;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.paths.get(id);
      if (!existing) return;
      if (
        await this.paths.compareAndSet(id, existing.version, {
          count: existing.count + 1,
          lastSeenAt: when > existing.lastSeenAt ? when : existing.lastSeenAt,
        })
      )
        return;
    }
  }

  /** Most recently seen first. */
  async list(filter: { site?: string; limit?: number } = {}): Promise<UnmappedPath[]> {
    const query: Filter = {};
    if (filter.site) query['site'] = filter.site;
    return this.paths.find(query, { sort: { lastSeenAt: -1 }, limit: filter.limit ?? 500 });
  }
}
