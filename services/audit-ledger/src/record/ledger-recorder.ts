import { createHash } from 'node:crypto';
import type { DocumentCollection, DocumentStore } from '@andon/persistence';
import type { ChainAppender } from '../chain/chain-appender';
import { entryId, type EntryFields, type NewEntry, type StoredEntry } from '../chain/chain-format';

export const SOURCES_COLLECTION = 'ledger_sources';

/**
 * Which ledger position a source event was (or is about to be) appended at. The marker's
 * `_id` is the source key, so the store's unique key is what makes an append idempotent;
 * it points at the entry BEFORE the entry is inserted, so after a crash in between the
 * entry's absence at that position says the append never happened.
 */
export interface SourceMarker {
  _id: string;
  version: number;
  chain: string;
  seq: number;
  hash: string;
  owner: string;
  /** epoch ms until which `owner` may still be inserting the entry */
  leaseUntil: number;
}

export class AppendInProgressError extends Error {
  constructor(sourceKey: string, owner: string) {
    super(`source ${sourceKey} is being appended by ${owner}; retry later`);
    this.name = 'AppendInProgressError';
  }
}

/** `<topic>:<event id>`, or `<topic>:<partition>:<offset>` for records without one; long keys are hashed. */
export function sourceKeyOf(source: { topic: string; partition: number; offset: string; eventId: string | undefined }): string {
  const key = source.eventId ? `${source.topic}:${source.eventId}` : `${source.topic}:${source.partition}:${source.offset}`;
  return key.length <= 256 ? key : `${source.topic}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export interface RecorderOptions {
  owner: string;
  leaseMs: number;
  now: () => number;
}

/**
 * Appends each source event to the ledger once. Normal path: one marker insert and one
 * entry insert. A second delivery finds the marker and the entry it points at and stops.
 */
export class LedgerRecorder {
  private constructor(
    private readonly markers: DocumentCollection<SourceMarker>,
    private readonly entries: DocumentCollection<StoredEntry>,
    private readonly appender: ChainAppender,
    private readonly options: RecorderOptions,
  ) {}

  static async open(store: DocumentStore, appender: ChainAppender, options: RecorderOptions): Promise<LedgerRecorder> {
    const markers = await store.collection<SourceMarker>(SOURCES_COLLECTION);
    return new LedgerRecorder(markers, appender.collection, appender, options);
  }

  /** 'appended' with the entry, or 'duplicate' when this source is already in the ledger. */
  async record(sourceKey: string, fields: EntryFields): Promise<{ result: 'appended'; entry: NewEntry } | { result: 'duplicate' }> {
    let marker: SourceMarker | null = null;
    const [entry] = await this.appender.append([fields], async (sealed) => {
      if (marker === null) {
        const inserted = await this.markers.insert(this.markerFor(sourceKey, sealed));
        if (inserted === 'inserted') {
          marker = { ...this.markerFor(sourceKey, sealed), version: 1 };
          return;
        }
        marker = await this.takeOver(sourceKey);
        if (marker === null) throw new AlreadyRecorded();
      }
      // The marker must name the position before the entry can appear there.
      const moved = await this.markers.compareAndSet(marker._id, marker.version, { seq: sealed.seq, hash: sealed.hash, owner: this.options.owner, leaseUntil: this.lease() });
      if (!moved) throw new AppendInProgressError(sourceKey, 'another writer');
      marker = moved;
    }).catch((err: unknown) => {
      if (err instanceof AlreadyRecorded) return [];
      throw err;
    });
    return entry ? { result: 'appended', entry } : { result: 'duplicate' };
  }

  /**
   * The marker exists: either its entry is in place (a duplicate: null), or an earlier
   * attempt died between marker and entry (take the marker over once its lease is over,
   * at once if it was this instance's own attempt).
   */
  private async takeOver(sourceKey: string): Promise<SourceMarker | null> {
    const existing = await this.markers.get(sourceKey);
    if (!existing) throw new AppendInProgressError(sourceKey, 'a writer that just removed it');
    const stored = await this.entries.get(entryId(existing.chain, existing.seq));
    if (stored && stored.hash === existing.hash) return null;
    if (existing.owner !== this.options.owner && existing.leaseUntil > this.options.now()) throw new AppendInProgressError(sourceKey, existing.owner);
    return existing;
  }

  private markerFor(sourceKey: string, sealed: NewEntry): Omit<SourceMarker, 'version'> {
    return { _id: sourceKey, chain: sealed.chain, seq: sealed.seq, hash: sealed.hash, owner: this.options.owner, leaseUntil: this.lease() };
  }

  private lease(): number {
    return this.options.now() + this.options.leaseMs;
  }
}

class AlreadyRecorded extends Error {}
