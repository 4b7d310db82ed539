import { DedupeWindow, type DocumentStore } from '@andon/persistence';
import { Sweep } from '@andon/service-kit';

/** One scope for every path (Kafka, HTTP, replay): a source event is one event however it arrives. */
export const DEDUPE_SCOPE = 'ingest-source-event';

/** How often expired entries are deleted (FerretDB has no TTL index). */
export const DEDUPE_PURGE_MS = 10 * 60_000;

/**
 * Dedupe by (source system, source event id), via the canonical event id derived from
 * them. Persisted in the document store, so a restart does not re-admit a duplicate.
 *
 * The order is check -> publish -> mark, never claim -> publish: a crash between a claim
 * and the publish would lose the event for the whole window. The price is that a crash
 * between publish and mark re-publishes the event on redelivery, with the same event id
 * (at-least-once; downstream consumers dedupe by event id). See docs/adr/0009-ingest.md.
 */
export class SourceEventDedupe {
  private constructor(
    private readonly window: DedupeWindow,
    private readonly windowMs: number,
  ) {}

  static async open(store: DocumentStore, windowMs: number): Promise<SourceEventDedupe> {
    return new SourceEventDedupe(await DedupeWindow.open(store), windowMs);
  }

  /** True when an event with this canonical id was already published inside the window. */
  isDuplicate(eventId: string): Promise<boolean> {
    return this.window.seen(DEDUPE_SCOPE, eventId);
  }

  /** Call only after the plant event is durably published. */
  async markPublished(eventId: string): Promise<void> {
    await this.window.admit(DEDUPE_SCOPE, eventId, this.windowMs);
  }

  /** isDuplicate() for a batch, in one query: the ids already published inside the window. */
  duplicatesAmong(eventIds: readonly string[]): Promise<Set<string>> {
    return this.window.seenMany(DEDUPE_SCOPE, eventIds);
  }

  /** markPublished() for a batch, one insert for the ids never seen before. */
  async markAllPublished(eventIds: readonly string[]): Promise<void> {
    await this.window.admitMany(DEDUPE_SCOPE, eventIds, this.windowMs);
  }

  /** Deletes expired entries; the kit runs it every DEDUPE_PURGE_MS and drains it at shutdown. */
  @Sweep(() => ({ name: 'ingest.dedupe-purge', everyMs: DEDUPE_PURGE_MS }))
  purgeExpired(): Promise<number> {
    return this.window.purgeExpired();
  }
}
