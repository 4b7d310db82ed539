import type { Logger } from '@andon/observability';
import type { MessageHeaders } from '../event-bus.port';
import type { SqlitePartition } from './sqlite-partition';

export interface SqliteTopic {
  id: number;
  name: string;
  partitions: SqlitePartition[];
  config: Readonly<Record<string, string>>;
  nextRoundRobin: number;
}

export interface AppendRecord {
  partition: SqlitePartition;
  key: string | null;
  value: Buffer;
  /** The headers as stored (JSON of a pass-through string map) and as handed to consumers. */
  headers: string;
  headerMap: MessageHeaders;
  timestamp: number;
}

export type Synchronous = 'normal' | 'full';

export interface SqliteLogOptions {
  file: string;
  synchronous: Synchronous;
  /** Longest a committed consumer position waits before it is written (publishes flush it sooner). */
  commitIntervalMs: number;
  logger: Logger;
  /** Checkpoint the WAL from a worker thread (default) instead of inside commits on the event loop. */
  checkpointInThread?: boolean;
}
