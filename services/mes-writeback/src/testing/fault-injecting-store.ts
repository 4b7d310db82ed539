import type {
  DocumentCollection,
  DocumentStore,
  Filter,
  FindOptions,
  IndexSpec,
  Versioned,
} from '@andon/persistence';

export class InjectedCrash extends Error {
  constructor(what: string) {
    super(`injected crash: ${what}`);
    this.name = 'InjectedCrash';
  }
}

export interface CasFault {
  collection: string;
  /** fails the compare-and-set whose patch this returns true for (before it is applied) */
  when: (patch: Record<string, unknown>) => boolean;
}

/**
 * Fault injection over a REAL store: forwards everything, except that a chosen
 * compare-and-set throws as if the process had died right there. Nothing is mocked; the
 * data the test reads afterwards is what the real store holds.
 */
export class FaultInjectingStore implements DocumentStore {
  crashes = 0;

  constructor(
    private readonly inner: DocumentStore,
    private readonly fault: CasFault,
  ) {}

  async collection<T extends Versioned>(name: string, indexes?: IndexSpec[]): Promise<DocumentCollection<T>> {
    const inner = await this.inner.collection<T>(name, indexes);
    if (name !== this.fault.collection) return inner;
    return {
      insert: (doc) => inner.insert(doc),
      insertMany: (docs, options) => inner.insertMany(docs, options),
      get: (id) => inner.get(id),
      find: (filter: Filter, options?: FindOptions) => inner.find(filter, options),
      count: (filter) => inner.count(filter),
      deleteMany: (filter) => inner.deleteMany(filter),
      compareAndSet: (id, expectedVersion, patch, guard) => {
        if (this.fault.when(patch as Record<string, unknown>)) {
          this.crashes++;
          return Promise.reject(new InjectedCrash(`compareAndSet on ${name}/${id}`));
        }
        return inner.compareAndSet(id, expectedVersion, patch, guard);
      },
    };
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  /** The inner store stays open: the "restarted" instance uses it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
