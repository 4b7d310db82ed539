import { createHash } from 'node:crypto';
import type { DocumentCollection, DocumentStore } from '@andon/persistence';
import type { ChainAppender, SealedItem } from '@andon/governance/ledger';
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
export function sourceKeyOf(source: {
  topic: string;
  partition: number;
  offset: string;
  eventId: string | undefined;
}): string {
  const key = source.eventId
    ? `${source.topic}:${source.eventId}`
    : `${source.topic}:${source.partition}:${source.offset}`;
  return key.length <= 256 ? key : `${source.topic}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export type RecordOutcome = { result: 'appended'; entry: NewEntry } | { result: 'duplicate' };

export interface BatchSource {
  sourceKey: string;
  fields: EntryFields;
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

  static async open(
    store: DocumentStore,
    appender: ChainAppender,
    options: RecorderOptions,
  ): Promise<LedgerRecorder> {
    const markers = await store.collection<SourceMarker>(SOURCES_COLLECTION);
    return new LedgerRecorder(markers, appender.collection, appender, options);
  }

  /** 'appended' with the entry, or 'duplicate' when this source is already in the ledger. */
  async record(sourceKey: string, fields: EntryFields): Promise<RecordOutcome> {
    let marker: SourceMarker | null = null;
    const [entry] = await this.appender
      .append([fields], async ([item]) => {
        const sealed = (item as SealedItem).entry;
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
        const moved = await this.markers.compareAndSet(marker._id, marker.version, {
          seq: sealed.seq,
          hash: sealed.hash,
          owner: this.options.owner,
          leaseUntil: this.lease(),
        });
        if (!moved) throw new AppendInProgressError(sourceKey, 'another writer');
        marker = moved;
      })
      .catch((err: unknown) => {
        if (err instanceof AlreadyRecorded) return [];
        throw err;
      });
    return entry ? { result: 'appended', entry } : { result: 'duplicate' };
  }

  /**
   * The throughput path: many source events, one marker insertMany and one entry
   * insertMany per run. Sources that already have a marker (redeliveries, interrupted
   * appends) and repeats inside the list take record()'s path one by one. If another
   * writer inserts a marker of this list meanwhile, this throws; what went in before stays
   * consistent (markers point at their entries or at free positions), so the caller can
   * retry source by source with record().
   */
  async recordBatch(items: readonly BatchSource[]): Promise<RecordOutcome[]> {
    const outcomes: Array<RecordOutcome | undefined> = new Array(items.length);
    const firstOf = new Map<string, number>();
    items.forEach((item, i) => {
      if (!firstOf.has(item.sourceKey)) firstOf.set(item.sourceKey, i);
    });
    const known = new Set(
      firstOf.size === 0
        ? []
        : (await this.markers.find({ _id: { $in: [...firstOf.keys()] } })).map((m) => m._id),
    );
    const fresh = [...firstOf.entries()].filter(([key]) => !known.has(key)).map(([, i]) => i);
    const owned = new Map<number, SourceMarker>();
    const appended = await this.appender.append(
      fresh.map((i) => (items[i] as BatchSource).fields),
      (run) => this.placeMarkers(run, (k) => (items[fresh[k] as number] as BatchSource).sourceKey, owned),
    );
    appended.forEach((entry, k) => {
      outcomes[fresh[k] as number] = { result: 'appended', entry };
    });
    for (let i = 0; i < items.length; i++) {
      if (outcomes[i] !== undefined) continue;
      const item = items[i] as BatchSource;
      outcomes[i] =
        firstOf.get(item.sourceKey) === i
          ? await this.record(item.sourceKey, item.fields)
          : { result: 'duplicate' };
    }
    return outcomes as RecordOutcome[];
  }

  /** Markers of a sealed run: new ones in one ordered insert, re-sealed ones moved one by one. */
  private async placeMarkers(
    run: readonly SealedItem[],
    keyOf: (index: number) => string,
    owned: Map<number, SourceMarker>,
  ): Promise<void> {
    for (const { index, entry } of run) {
      const marker = owned.get(index);
      if (!marker) continue;
      const moved = await this.markers.compareAndSet(marker._id, marker.version, {
        seq: entry.seq,
        hash: entry.hash,
        owner: this.options.owner,
        leaseUntil: this.lease(),
      });
      if (!moved) throw new AppendInProgressError(marker._id, 'another writer');
      owned.set(index, moved);
    }
    const placing = run.filter(({ index }) => !owned.has(index));
    if (placing.length === 0) return;
    const markers = placing.map(({ index, entry }) => this.markerFor(keyOf(index), entry));
    const result = await this.markers.insertMany(markers, { ordered: true });
    markers
      .slice(0, result.inserted)
      .forEach((marker, k) => owned.set((placing[k] as SealedItem).index, { ...marker, version: 1 }));
    if (result.duplicateAt !== undefined)
      throw new AppendInProgressError((markers[result.duplicateAt] as SourceMarker)._id, 'another writer');
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
    if (existing.owner !== this.options.owner && existing.leaseUntil > this.options.now())
      throw new AppendInProgressError(sourceKey, existing.owner);
    return existing;
  }

  private markerFor(sourceKey: string, sealed: NewEntry): Omit<SourceMarker, 'version'> {
    return {
      _id: sourceKey,
      chain: sealed.chain,
      seq: sealed.seq,
      hash: sealed.hash,
      owner: this.options.owner,
      leaseUntil: this.lease(),
    };
  }

  private lease(): number {
    return this.options.now() + this.options.leaseMs;
  }
}

class AlreadyRecorded extends Error {}
