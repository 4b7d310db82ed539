import { DocumentStoreError } from '../document-store.errors';
import type { DocumentCollection, Filter, FindOptions, Versioned } from '../ports/document-store.port';

/** A document that belongs to one plant site. */
export interface SiteScoped extends Versioned {
  site: string;
}

/**
 * Base for repositories of site-owned documents (actions, decisions, ...). Every read
 * and write takes the caller's permitted `sites` as a required argument, so a query
 * that forgets the site does not compile, and an empty list finds nothing rather than
 * everything. Subclasses add domain methods on top.
 */
export abstract class ScopedRepository<T extends SiteScoped> {
  protected constructor(protected readonly collection: DocumentCollection<T>) {}

  async insert(doc: Omit<T, 'version'>): Promise<'inserted' | 'duplicate'> {
    if (typeof doc.site !== 'string' || doc.site === '') {
      throw new DocumentStoreError('invalid-document', 'a site-scoped document needs a site');
    }
    return this.collection.insert(doc);
  }

  async get(sites: readonly string[], id: string): Promise<T | null> {
    const doc = await this.collection.get(id);
    return doc !== null && sites.includes(doc.site) ? doc : null;
  }

  async find(sites: readonly string[], filter: Filter = {}, options?: FindOptions): Promise<T[]> {
    if (sites.length === 0) return [];
    return this.collection.find(scoped(sites, filter), options);
  }

  async count(sites: readonly string[], filter: Filter = {}): Promise<number> {
    if (sites.length === 0) return 0;
    return this.collection.count(scoped(sites, filter));
  }

  /** compareAndSet that also fails (null) when the document is outside `sites`. */
  async compareAndSet(
    sites: readonly string[],
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<T, '_id' | 'version' | 'site'>>,
    guard: Filter = {},
  ): Promise<T | null> {
    if (sites.length === 0) return null;
    if (Object.hasOwn(patch, 'site'))
      throw new DocumentStoreError('invalid-document', 'a document cannot move between sites');
    return this.collection.compareAndSet(
      id,
      expectedVersion,
      patch as Partial<Omit<T, '_id' | 'version'>>,
      scoped(sites, guard),
    );
  }
}

function scoped(sites: readonly string[], filter: Filter): Filter {
  if (Object.hasOwn(filter, 'site')) {
    throw new DocumentStoreError('invalid-query', 'pass sites as the sites argument, not as a "site" filter');
  }
  return { ...filter, site: { $in: [...sites] } };
}
