import type { IdempotencyStore } from './idempotency-store.port';

/**
 * Process-local idempotency store with a bounded memory: the oldest entries are
 * forgotten first, so it dedupes redeliveries within a window of `maxEntries` events.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly processed = new Set<string>();
  private readonly maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
  }

  async seen(groupId: string, eventId: string): Promise<boolean> {
    return this.processed.has(entryKey(groupId, eventId));
  }

  async markProcessed(groupId: string, eventId: string): Promise<void> {
    const key = entryKey(groupId, eventId);
    if (this.processed.has(key)) return;
    this.processed.add(key);
    if (this.processed.size > this.maxEntries) {
      // Sets iterate in insertion order, so the first entry is the oldest.
      const oldest = this.processed.values().next();
      if (!oldest.done) this.processed.delete(oldest.value);
    }
  }

  get size(): number {
    return this.processed.size;
  }
}

function entryKey(groupId: string, eventId: string): string {
  return `${groupId}\u0000${eventId}`;
}
