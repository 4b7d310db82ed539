import type { MessageHeaders } from '../event-bus.port';
import type { LogRecord, ReadablePartition } from '../in-process/partition-log';
import type { RecordRow } from './sqlite-log-schema';

/** Records kept in memory after each commit, so groups that keep up never query the file. */
const TAIL_RECORDS = 256;
/** Aligned chunk read from the file by a group that lags behind the tail. */
const CHUNK_RECORDS = 256;
/**
 * Chunks kept per partition: groups at different positions share aligned chunks, and a
 * group that lags reads each chunk once, not once per record (a two-chunk cache made
 * several lagging groups evict each other's chunk on every record).
 */
const CHUNKS_KEPT = 8;

export type ChunkReader = (topicId: number, partition: number, from: number, to: number) => RecordRow[];

export function parseRow(row: RecordRow): LogRecord {
  return {
    offset: row.offset,
    key: row.key,
    value: row.value,
    headers: JSON.parse(row.headers) as MessageHeaders,
    timestamp: row.timestamp,
  };
}

/**
 * One partition of a SQLite-backed topic as group members read it. The offsets are the
 * committed ones: `endOffset` moves only after the transaction holding the records
 * committed, so a consumer never sees a record a crash could take back.
 */
export class SqlitePartition implements ReadablePartition {
  private tail: LogRecord[] = [];
  private tailStart: number;
  private readonly chunks = new Map<number, LogRecord[]>();
  private waiters = new Set<() => void>();

  constructor(
    readonly topicId: number,
    readonly topic: string,
    readonly partition: number,
    private start: number,
    private end: number,
    private readonly readChunk: ChunkReader,
  ) {
    this.tailStart = end;
  }

  get endOffset(): number {
    return this.end;
  }

  get logStartOffset(): number {
    return this.start;
  }

  at(offset: number): LogRecord | undefined {
    if (offset < this.start || offset >= this.end) return undefined;
    if (offset >= this.tailStart) return this.tail[offset - this.tailStart];
    const index = Math.floor(offset / CHUNK_RECORDS);
    const first = index * CHUNK_RECORDS;
    let chunk = this.chunks.get(index);
    if (!chunk) {
      chunk = this.readChunk(this.topicId, this.partition, first, first + CHUNK_RECORDS).map(parseRow);
    } else if ((chunk.at(-1)?.offset ?? first - 1) < offset) {
      // Read before the records at `offset` were committed: only the missing ones are read.
      const from = (chunk.at(-1)?.offset ?? first - 1) + 1;
      chunk.push(...this.readChunk(this.topicId, this.partition, from, first + CHUNK_RECORDS).map(parseRow));
    }
    // Most recently used last.
    this.chunks.delete(index);
    this.chunks.set(index, chunk);
    while (this.chunks.size > CHUNKS_KEPT) this.chunks.delete(this.chunks.keys().next().value as number);
    // A chunk may start above its aligned first offset (records deleted by retention).
    const found = chunk[offset - (chunk[0]?.offset ?? first)];
    return found?.offset === offset ? found : undefined;
  }

  /** Called once the transaction holding these records committed. */
  appended(records: readonly LogRecord[], newEnd: number): void {
    for (const record of records) {
      // A cached chunk still being filled grows with the log, so a lagging reader never rereads it.
      const chunk = this.chunks.get(Math.floor(record.offset / CHUNK_RECORDS));
      if (chunk && chunk.length > 0 && chunk[chunk.length - 1]?.offset === record.offset - 1)
        chunk.push(record);
    }
    if (records.length > 0 && records[0].offset === this.tailStart + this.tail.length) {
      this.tail.push(...records);
    } else {
      this.tail = [...records];
      this.tailStart = records[0]?.offset ?? newEnd;
    }
    if (this.tail.length > 2 * TAIL_RECORDS) {
      const drop = this.tail.length - TAIL_RECORDS;
      this.tail = this.tail.slice(drop);
      this.tailStart += drop;
    }
    this.end = newEnd;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Retention deleted every record below `newStart`. */
  truncatedTo(newStart: number): void {
    this.start = Math.max(this.start, newStart);
    for (const index of [...this.chunks.keys()]) {
      if ((index + 1) * CHUNK_RECORDS <= this.start) this.chunks.delete(index);
    }
  }

  waitFor(offset: number, signal: AbortSignal): Promise<void> {
    if (offset < this.end || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
