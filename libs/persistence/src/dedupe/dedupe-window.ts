import type { DocumentCollection, DocumentStore, IndexSpec, Versioned } from '../ports/document-store.port';

export interface DedupeEntry extends Versioned {
  scope: string;
  key: string;
  /** when the current window opened (epoch ms) */
  admittedAt: number;
  /** epoch ms after which the key may be admitted again */
  expiresAt: number;
}

export interface DedupeWindowOptions {
  now?: () => number;
}

export const DEDUPE_COLLECTION = 'dedupe_window';

// A key that keeps losing races with renewals and purges gives up rather than spin.
const MAX_ATTEMPTS = 5;

/**
 * "Have we seen this key in the last ttl?" shared by every process on one document
 * store, and kept across restarts. Admission is an insert-if-absent on
 * `${scope}:${key}` (the scope is URI-encoded, so a `:` in it cannot collide). FerretDB
 * has no TTL indexes, so expiry is a field: an expired entry is renewed by a
 * compare-and-set, and `purgeExpired` (run periodically) deletes old entries.
 */
export class DedupeWindow {
  static readonly INDEXES: IndexSpec[] = [{ name: 'by_expiry', fields: { expiresAt: 1 } }];

  private readonly now: () => number;

  constructor(
    private readonly entries: DocumentCollection<DedupeEntry>,
    options: DedupeWindowOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  static async open(
    store: DocumentStore,
    options: DedupeWindowOptions & { collection?: string } = {},
  ): Promise<DedupeWindow> {
    return new DedupeWindow(
      await store.collection<DedupeEntry>(options.collection ?? DEDUPE_COLLECTION, DedupeWindow.INDEXES),
      options,
    );
  }

  static entryId(scope: string, key: string): string {
    if (typeof scope !== 'string' || scope === '' || typeof key !== 'string' || key === '') {
      throw new TypeError('dedupe scope and key must be non-empty strings');
    }
    return `${encodeURIComponent(scope)}:${key}`;
  }

  /**
   * True exactly once per window: for the first caller with this scope and key, or the
   * first after the previous window expired. Concurrent callers (any process) get one true.
   */
  async admit(scope: string, key: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const id = DedupeWindow.entryId(scope, key);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.now();
      const window = { admittedAt: now, expiresAt: now + ttlMs };
      if ((await this.entries.insert({ _id: id, scope, key, ...window })) === 'inserted') return true;
      const existing = await this.entries.get(id);
      if (!existing) continue; // purged since the insert failed: try to be first again
      if (existing.expiresAt > now) return false;
      if (await this.entries.compareAndSet(id, existing.version, window, { expiresAt: { $lte: now } }))
        return true;
      // Lost to a renewal (then the next pass answers false) or to a purge (then it inserts).
    }
    throw new Error(`dedupe window for ${id} kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * admit() for many keys with one ordered insertMany for the keys never seen; a key that
   * is already there (open, or expired and to be renewed) takes admit()'s path. Returns the
   * keys admitted by this call.
   */
  async admitMany(scope: string, keys: readonly string[], ttlMs: number): Promise<Set<string>> {
    assertTtl(ttlMs);
    const admitted = new Set<string>();
    let rest = [...new Set(keys)];
    while (rest.length > 0) {
      const now = this.now();
      const docs = rest.map((key) => ({
        _id: DedupeWindow.entryId(scope, key),
        scope,
        key,
        admittedAt: now,
        expiresAt: now + ttlMs,
      }));
      const { inserted, duplicateAt } = await this.entries.insertMany(docs, { ordered: true });
      for (const key of rest.slice(0, inserted)) admitted.add(key);
      if (duplicateAt === undefined) break;
      const taken = rest[duplicateAt] as string;
      if (await this.admit(scope, taken, ttlMs)) admitted.add(taken);
      rest = rest.slice(duplicateAt + 1);
    }
    return admitted;
  }

  /** The keys that are inside an open window (read-only), in one query. */
  async seenMany(scope: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const now = this.now();
    const found = await this.entries.find({
      _id: { $in: [...new Set(keys)].map((key) => DedupeWindow.entryId(scope, key)) },
    });
    return new Set(found.filter((entry) => entry.expiresAt > now).map((entry) => entry.key));
  }

  /** Whether the key is inside an open window (read-only). */
  async seen(scope: string, key: string): Promise<boolean> {
    const entry = await this.entries.get(DedupeWindow.entryId(scope, key));
    return entry !== null && entry.expiresAt > this.now();
  }

  /** Closes the key's window early, e.g. when the work it admitted failed and must be retried. */
  async forget(scope: string, key: string): Promise<void> {
    await this.entries.deleteMany({ _id: DedupeWindow.entryId(scope, key) });
  }

  /** Deletes expired entries; returns how many. Their keys would be admitted anyway. */
  async purgeExpired(): Promise<number> {
    return this.entries.deleteMany({ expiresAt: { $lte: this.now() } });
  }

  /** Runs purgeExpired every `intervalMs` until the returned function is called. */
  startPurging(intervalMs: number, onError: (err: unknown) => void): () => void {
    assertTtl(intervalMs);
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.purgeExpired()
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

function assertTtl(ms: number): void {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 1)
    throw new RangeError('durations must be positive integer milliseconds');
}
