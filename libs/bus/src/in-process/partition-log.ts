import type { MessageHeaders } from '../event-bus.port';

export interface LogRecord {
  offset: number;
  key: string | null;
  value: Buffer;
  headers: MessageHeaders;
  timestamp: number;
}

/**
 * What a group member reads a partition through: the in-memory PartitionLog, or the
 * SQLite bus's partition (libs/bus/src/sqlite) with the same offsets semantics.
 */
export interface ReadablePartition {
  readonly endOffset: number;
  readonly logStartOffset: number;
  /** The record at `offset`, or undefined if it is not written yet or was deleted. */
  at(offset: number): LogRecord | undefined;
  /** Resolves when a record at or after `offset` exists, or when the signal aborts. */
  waitFor(offset: number, signal: AbortSignal): Promise<void>;
}

/**
 * One partition of an in-process topic: an append-only log with monotonically growing
 * offsets. Old records beyond `maxRecords` are dropped from the head, as broker
 * retention would, so a long-running standalone process does not grow without bound.
 */
export class PartitionLog implements ReadablePartition {
  private records: LogRecord[] = [];
  private startOffset = 0;
  private waiters = new Set<() => void>();

  constructor(private readonly maxRecords: number) {}

  get endOffset(): number {
    return this.startOffset + this.records.length;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  append(record: Omit<LogRecord, 'offset'>): number {
    const offset = this.endOffset;
    this.records.push({ ...record, offset });
    if (this.records.length > this.maxRecords) {
      // Trim in chunks so appends stay O(1) amortised.
      const drop = Math.max(1, Math.floor(this.maxRecords / 10));
      this.records = this.records.slice(drop);
      this.startOffset += drop;
    }
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
    return offset;
  }

  /** The record at `offset`, or undefined if it is not written yet or was trimmed. */
  at(offset: number): LogRecord | undefined {
    return this.records[offset - this.startOffset];
  }

  /** Resolves when a record at or after `offset` exists, or when the signal aborts. */
  waitFor(offset: number, signal: AbortSignal): Promise<void> {
    if (offset < this.endOffset || signal.aborted) return Promise.resolve();
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
