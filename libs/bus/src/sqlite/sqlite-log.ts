import Database from 'better-sqlite3';
import type { TopicSpec } from '../event-bus.port';
import type { GroupPositionStore, TopicPartition } from '../in-process/in-process-group';
import type { LogRecord } from '../in-process/partition-log';
import { createSchema, type RecordRow } from './sqlite-log-schema';
import { SqlitePartition } from './sqlite-partition';
import type { AppendRecord, SqliteLogOptions, SqliteTopic } from './sqlite-log.types';
import { WalCheckpointer } from './wal-checkpointer';

export type { AppendRecord, SqliteLogOptions, SqliteTopic, Synchronous } from './sqlite-log.types';

interface PendingPublish {
  records: AppendRecord[];
  resolve(): void;
  reject(err: unknown): void;
}

/** Committed positions not yet written: group -> partition -> next offset. */
type DirtyPositions = Map<string, Map<SqlitePartition, number>>;

/** Records per multi-row INSERT: fewer statement calls per commit (8 parameters a row). */
const ROWS_PER_INSERT = 32;
/**
 * A commit that finds the file locked waits BUSY_TIMEOUT_MS inside SQLite (blocking), then
 * is retried after BUSY_RETRY_MS (not blocking), BUSY_RETRIES times (~5 s) before its
 * publishes fail.
 */
const BUSY_TIMEOUT_MS = 10;
const BUSY_RETRY_MS = 10;
const BUSY_RETRIES = 250;
const INSERT_RECORDS =
  'INSERT INTO bus_records (topic_id, partition, offset, key, value, headers, timestamp, size) VALUES';
const RECORD_ROW = '(?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * The append-only log file: topics, records, group positions. All writes go through one
 * group commit: publishes made in the same tick (and positions committed since the last
 * write) share one transaction; a publish resolves only after its transaction committed.
 * better-sqlite3 is synchronous, so the transaction runs on the event loop; in WAL mode
 * with `synchronous=NORMAL` a commit does not fsync (the WAL is fsynced at checkpoints),
 * which survives a process crash like a single Kafka broker does; `full` also survives
 * power loss, at one fsync per commit.
 */
export class SqliteLog implements GroupPositionStore {
  readonly db: Database.Database;
  readonly topics = new Map<string, SqliteTopic>();
  private readonly topicsById = new Map<number, SqliteTopic>();
  private pending: PendingPublish[] = [];
  private dirty: DirtyPositions = new Map();
  private immediate: NodeJS.Immediate | undefined;
  private microtask = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly statements: ReturnType<SqliteLog['prepare']>;
  private readonly checkpointer: WalCheckpointer | undefined;
  private busyRetries = 0;

  constructor(private readonly options: SqliteLogOptions) {
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    // Short: a lock wait blocks the event loop. Commits retry a locked file asynchronously.
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    createSchema(this.db);
    this.statements = this.prepare();
    this.loadTopics();
    if (options.checkpointInThread ?? true) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer({
        file: options.file,
        intervalMs: 200,
        truncateBytes: 64 * 1024 * 1024,
        logger: options.logger,
        onFailure: () => {
          if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
        },
      });
    }
  }

  private prepare() {
    const db = this.db;
    return {
      insertTopic: db.prepare(
        `INSERT INTO bus_topics (name, partitions, config, created_at) VALUES (?, ?, ?, ?)`,
      ),
      insertPartition: db.prepare(
        `INSERT INTO bus_partitions (topic_id, partition, start_offset, end_offset) VALUES (?, ?, 0, 0)`,
      ),
      insertRecord: db.prepare(`${INSERT_RECORDS} ${RECORD_ROW}`),
      insertRecords: db.prepare(
        `${INSERT_RECORDS} ${Array.from({ length: ROWS_PER_INSERT }, () => RECORD_ROW).join(', ')}`,
      ),
      setEnd: db.prepare(`UPDATE bus_partitions SET end_offset = ? WHERE topic_id = ? AND partition = ?`),
      upsertPosition: db.prepare(
        `INSERT INTO bus_group_offsets (group_id, topic_id, partition, next_offset, committed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id, topic_id, partition) DO UPDATE SET next_offset = excluded.next_offset, committed_at = excluded.committed_at`,
      ),
      position: db.prepare(
        `SELECT next_offset AS nextOffset FROM bus_group_offsets WHERE group_id = ? AND topic_id = ? AND partition = ?`,
      ),
      chunk: db.prepare(
        `SELECT offset, key, value, headers, timestamp FROM bus_records WHERE topic_id = ? AND partition = ? AND offset >= ? AND offset < ? ORDER BY offset`,
      ),
    };
  }

  private loadTopics(): void {
    const topics = this.db.prepare(`SELECT id, name, partitions, config FROM bus_topics`).all() as Array<{
      id: number;
      name: string;
      partitions: number;
      config: string;
    }>;
    const partitions = this.db
      .prepare(
        `SELECT topic_id AS topicId, partition, start_offset AS start, end_offset AS end FROM bus_partitions`,
      )
      .all() as Array<{
      topicId: number;
      partition: number;
      start: number;
      end: number;
    }>;
    for (const row of topics) {
      const parts = partitions.filter((p) => p.topicId === row.id).sort((a, b) => a.partition - b.partition);
      this.register({
        id: row.id,
        name: row.name,
        config: JSON.parse(row.config) as Record<string, string>,
        partitions: parts.map((p) => this.newPartition(row.id, row.name, p.partition, p.start, p.end)),
        nextRoundRobin: 0,
      });
    }
  }

  private newPartition(
    topicId: number,
    topic: string,
    partition: number,
    start: number,
    end: number,
  ): SqlitePartition {
    return new SqlitePartition(
      topicId,
      topic,
      partition,
      start,
      end,
      (id, p, from, to) => this.statements.chunk.all(id, p, from, to) as RecordRow[],
    );
  }

  private register(topic: SqliteTopic): void {
    this.topics.set(topic.name, topic);
    this.topicsById.set(topic.id, topic);
  }

  /** createTopics, retried while another connection holds the file's write lock. */
  async createTopicsRetrying(
    specs: readonly TopicSpec[],
  ): Promise<Array<{ spec: TopicSpec; existing: SqliteTopic }>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.createTopics(specs);
      } catch (err) {
        if (!isBusy(err) || attempt >= BUSY_RETRIES) throw err;
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
      }
    }
  }

  /** Creates the missing topics in one transaction; existing ones are left untouched. */
  createTopics(specs: readonly TopicSpec[]): Array<{ spec: TopicSpec; existing: SqliteTopic }> {
    const mismatches: Array<{ spec: TopicSpec; existing: SqliteTopic }> = [];
    const created: SqliteTopic[] = [];
    this.db
      .transaction(() => {
        for (const spec of specs) {
          const existing = this.topics.get(spec.name) ?? created.find((t) => t.name === spec.name);
          if (existing) {
            if (existing.partitions.length !== spec.partitions) mismatches.push({ spec, existing });
            continue;
          }
          const config = { ...spec.configEntries };
          const id = Number(
            this.statements.insertTopic.run(spec.name, spec.partitions, JSON.stringify(config), Date.now())
              .lastInsertRowid,
          );
          for (let p = 0; p < spec.partitions; p++) this.statements.insertPartition.run(id, p);
          created.push({
            id,
            name: spec.name,
            config,
            nextRoundRobin: 0,
            partitions: Array.from({ length: spec.partitions }, (_, p) =>
              this.newPartition(id, spec.name, p, 0, 0),
            ),
          });
        }
      })
      .immediate();
    for (const topic of created) this.register(topic);
    return mismatches;
  }

  topicById(id: number): SqliteTopic | undefined {
    return this.topicsById.get(id);
  }

  /** Queues records for the next group commit; resolves once they are committed. */
  append(records: AppendRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.scheduleCommit();
    });
  }

  /**
   * With `synchronous=NORMAL` a commit costs tens of microseconds, so it runs as soon as the
   * current job's microtasks are done: publishes made in one job share it, and a handler
   * that publishes several times in a row does not wait a turn of a busy event loop for
   * each. With `full` every commit is an fsync: wait for the whole turn (setImmediate) so
   * that everything published during it shares one.
   */
  private scheduleCommit(): void {
    if (this.immediate || this.microtask) return;
    if (this.options.synchronous === 'full') {
      this.immediate = setImmediate(() => this.flushInBackground());
      return;
    }
    this.microtask = true;
    queueMicrotask(() => {
      this.microtask = false;
      if (this.pending.length > 0) this.flushInBackground();
    });
  }

  load(groupId: string, tp: TopicPartition): number | undefined {
    const topic = this.topics.get(tp.topic);
    if (!topic) return undefined;
    const row = this.statements.position.get(groupId, topic.id, tp.partition) as
      { nextOffset: number } | undefined;
    return row?.nextOffset;
  }

  save(groupId: string, tp: TopicPartition, nextOffset: number): void {
    const partition = this.topics.get(tp.topic)?.partitions[tp.partition];
    if (!partition) return;
    let group = this.dirty.get(groupId);
    if (!group) this.dirty.set(groupId, (group = new Map()));
    group.set(partition, nextOffset);
    this.timer ??= setTimeout(() => this.flushInBackground(), this.options.commitIntervalMs);
  }

  /** Writes everything queued (records and positions) now; resolves once it is committed. */
  async flush(): Promise<void> {
    while (this.db.open && (this.pending.length > 0 || this.dirty.size > 0)) {
      if (this.commit()) return;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  private flushInBackground(): void {
    try {
      if (this.db.open && !this.commit()) {
        this.timer ??= setTimeout(() => this.flushInBackground(), BUSY_RETRY_MS);
      }
    } catch (err) {
      // Publishers got the error; positions are retried at the next interval.
      this.options.logger.error({ err }, 'bus commit failed');
    }
  }

  /**
   * One transaction for everything queued. False when the file was locked (another
   * connection checkpointing or reading at a bad moment): the queue is put back as it was and
   * the caller retries shortly; only after BUSY_RETRIES in a row do the publishes fail.
   */
  private commit(): boolean {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
    const batch = this.pending;
    const positions = this.dirty;
    this.pending = [];
    this.dirty = new Map();
    const ends = new Map<SqlitePartition, { end: number; records: LogRecord[] }>();
    const { insertRecord, insertRecords, setEnd, upsertPosition } = this.statements;
    try {
      this.db
        .transaction(() => {
          const rows: unknown[] = [];
          for (const publish of batch) {
            for (const r of publish.records) {
              let state = ends.get(r.partition);
              if (!state) ends.set(r.partition, (state = { end: r.partition.endOffset, records: [] }));
              const offset = state.end++;
              rows.push(
                r.partition.topicId,
                r.partition.partition,
                offset,
                r.key,
                r.value,
                r.headers,
                r.timestamp,
                recordSize(r),
              );
              state.records.push({
                offset,
                key: r.key,
                value: r.value,
                headers: r.headerMap,
                timestamp: r.timestamp,
              });
              if (rows.length === ROWS_PER_INSERT * 8) insertRecords.run(rows.splice(0));
            }
          }
          for (let i = 0; i < rows.length; i += 8) insertRecord.run(rows.slice(i, i + 8));
          for (const [partition, { end }] of ends) setEnd.run(end, partition.topicId, partition.partition);
          const now = Date.now();
          for (const [groupId, partitions] of positions) {
            for (const [partition, next] of partitions)
              upsertPosition.run(groupId, partition.topicId, partition.partition, next, now);
          }
        })
        .immediate();
    } catch (err) {
      if (isBusy(err) && this.busyRetries < BUSY_RETRIES) {
        this.busyRetries += 1;
        this.pending = batch.concat(this.pending);
        this.requeue(positions);
        return false;
      }
      this.busyRetries = 0;
      for (const publish of batch) publish.reject(err);
      // Positions stay due: re-queued unless a newer commit replaced them meanwhile.
      this.requeue(positions);
      if (positions.size > 0)
        this.timer ??= setTimeout(() => this.flushInBackground(), this.options.commitIntervalMs);
      throw err;
    }
    this.busyRetries = 0;
    for (const [partition, { end, records }] of ends) partition.appended(records, end);
    for (const publish of batch) publish.resolve();
    return true;
  }

  /** Puts positions that were not written back, unless a newer commit replaced them meanwhile. */
  private requeue(positions: DirtyPositions): void {
    for (const [groupId, partitions] of positions) {
      for (const [partition, next] of partitions) {
        let group = this.dirty.get(groupId);
        if (!group) this.dirty.set(groupId, (group = new Map()));
        if (!group.has(partition)) group.set(partition, next);
      }
    }
  }

  async close(): Promise<void> {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    for (const publish of this.pending) publish.reject(new Error('The event bus is closed'));
    this.pending = [];
    await this.checkpointer?.stop();
    // The last connection to close checkpoints the WAL into the database file.
    if (this.db.open) this.db.close();
  }
}

export function recordSize(r: { key: string | null; value: Uint8Array; headers: string }): number {
  return r.value.byteLength + (r.key === null ? 0 : Buffer.byteLength(r.key)) + Buffer.byteLength(r.headers);
}

function isBusy(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
