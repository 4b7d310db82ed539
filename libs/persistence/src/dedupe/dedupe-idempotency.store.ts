import type { DedupeWindow } from './dedupe-window';

/**
 * The bus's IdempotencyStore (`seen` / `markProcessed`, libs/bus) on a DedupeWindow, so
 * redelivered events stay deduplicated across restarts and across consumer instances.
 * Matches the bus port structurally, which keeps persistence independent of the bus.
 * Entries live for `ttlMs` (default 7 days): longer than any redelivery the bus makes.
 */
export class DedupeIdempotencyStore {
  constructor(
    private readonly window: DedupeWindow,
    private readonly ttlMs = 7 * 24 * 60 * 60 * 1000,
  ) {}

  seen(groupId: string, eventId: string): Promise<boolean> {
    return this.window.seen(groupId, eventId);
  }

  async markProcessed(groupId: string, eventId: string): Promise<void> {
    await this.window.admit(groupId, eventId, this.ttlMs);
  }
}
