import type { Logger, Metrics } from '@andon/observability';
import type { Counter, Gauge } from 'prom-client';
import type { SqliteLog, SqliteTopic } from './sqlite-log';
import type { SqlitePartition } from './sqlite-partition';

export interface RetentionHold {
  /** How long past `retention.ms` records a group has not committed are still kept. Default 7 days. */
  extraMs: number;
  /** Up to this multiple of `retention.bytes` is kept for lagging groups. Default 2. */
  bytesFactor: number;
}

export const DEFAULT_RETENTION_HOLD: RetentionHold = { extraMs: 7 * 24 * 60 * 60 * 1000, bytesFactor: 2 };

/** One recorded loss: records a group had not committed, deleted by retention past the hold. */
export interface RetentionLoss {
  topic: string;
  partition: number;
  groupId: string;
  firstOffset: number;
  lastOffset: number;
  records: number;
  reason: 'retention_ms' | 'retention_bytes' | 'group_expired';
  recordedAt: Date;
}

interface Limits {
  ms: number | undefined;
  bytes: number | undefined;
}

/**
 * Kafka-like retention per topic (`retention.ms`, `retention.bytes` per partition; a topic
 * whose `cleanup.policy` lacks `delete` keeps everything, as compaction is not done), with
 * one difference: records a known consumer group has not committed are HELD, not deleted,
 * until they are `hold.extraMs` past `retention.ms` (or the partition is past
 * `hold.bytesFactor` x `retention.bytes`). Only then are they deleted, and the loss is
 * recorded per group: a row in `bus_retention_losses`, `andon_bus_retention_lost_total`,
 * and an error log line. Held records show in `andon_bus_retention_held_records`.
 */
export class SqliteRetention {
  private readonly held?: Gauge<'topic'>;
  private readonly lost?: Counter<'topic' | 'group'>;
  private readonly deleted?: Counter<'topic'>;
  private readonly holding = new Set<SqlitePartition>();
  private readonly statements;

  constructor(
    private readonly log: SqliteLog,
    private readonly hold: RetentionHold,
    private readonly logger: Logger,
    metrics?: Metrics,
  ) {
    const db = log.db;
    this.statements = {
      firstAtOrAfter: db.prepare(
        `SELECT offset FROM bus_records WHERE topic_id = ? AND partition = ? AND offset >= ? AND timestamp >= ? ORDER BY offset LIMIT 1`,
      ),
      lastOverBytes: db.prepare(
        `SELECT offset FROM (SELECT offset, SUM(size) OVER (ORDER BY offset DESC) AS kept FROM bus_records WHERE topic_id = ? AND partition = ?) WHERE kept > ? ORDER BY offset DESC LIMIT 1`,
      ),
      groups: db.prepare(
        `SELECT o.group_id AS groupId, o.next_offset AS nextOffset FROM bus_group_offsets o
         WHERE o.topic_id = ? AND o.partition = ?
           AND NOT EXISTS (SELECT 1 FROM bus_groups g WHERE g.group_id = o.group_id AND g.holds_retention = 0)`,
      ),
      deleteBelow: db.prepare(`DELETE FROM bus_records WHERE topic_id = ? AND partition = ? AND offset < ?`),
      setStart: db.prepare(`UPDATE bus_partitions SET start_offset = ? WHERE topic_id = ? AND partition = ?`),
      recordLoss: db.prepare(
        `INSERT INTO bus_retention_losses (topic, partition, group_id, first_offset, last_offset, records, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      losses: db.prepare(
        `SELECT topic, partition, group_id AS groupId, first_offset AS firstOffset, last_offset AS lastOffset, records, reason, recorded_at AS recordedAt FROM bus_retention_losses ORDER BY id`,
      ),
    };
    if (metrics) {
      this.held = metrics.gauge(
        'andon_bus_retention_held_records',
        'Records past retention kept because a consumer group has not committed them',
        ['topic'],
      );
      this.lost = metrics.counter(
        'andon_bus_retention_lost_total',
        'Records deleted by retention before a consumer group committed them',
        ['topic', 'group'],
      );
      this.deleted = metrics.counter('andon_bus_retention_deleted_total', 'Records deleted by retention', [
        'topic',
      ]);
    }
  }

  /**
   * Kafka's offsets retention: a group with no member in this process whose last commit is
   * older than `expiryMs` is forgotten, so it no longer holds retention (a console's
   * per-process live-update group would otherwise hold it forever). What it had not
   * committed at that point is recorded as a `group_expired` loss.
   */
  expireGroups(now: number, expiryMs: number, active: ReadonlySet<string>): void {
    const stale = this.log.db
      .prepare(
        `SELECT group_id AS groupId FROM bus_group_offsets GROUP BY group_id HAVING MAX(committed_at) < ?`,
      )
      .all(now - expiryMs) as Array<{ groupId: string }>;
    for (const { groupId } of stale) {
      if (active.has(groupId)) continue;
      const positions = this.log.db
        .prepare(
          `SELECT topic_id AS topicId, partition, next_offset AS nextOffset FROM bus_group_offsets WHERE group_id = ?`,
        )
        .all(groupId) as Array<{ topicId: number; partition: number; nextOffset: number }>;
      const holds = this.log.db
        .prepare(`SELECT holds_retention AS holds FROM bus_groups WHERE group_id = ?`)
        .get(groupId) as { holds: number } | undefined;
      const owed = holds?.holds !== 0;
      const unread = positions.flatMap((p) => {
        const topic = this.log.topicById(p.topicId);
        const part = topic?.partitions[p.partition];
        if (!topic || !part) return [];
        const first = Math.max(p.nextOffset, part.logStartOffset);
        return owed && part.endOffset > first
          ? [{ topic: topic.name, partition: p.partition, first, last: part.endOffset - 1 }]
          : [];
      });
      this.log.db
        .transaction(() => {
          this.log.db.prepare(`DELETE FROM bus_group_offsets WHERE group_id = ?`).run(groupId);
          this.log.db.prepare(`DELETE FROM bus_groups WHERE group_id = ?`).run(groupId);
          for (const u of unread) {
            this.statements.recordLoss.run(
              u.topic,
              u.partition,
              groupId,
              u.first,
              u.last,
              u.last - u.first + 1,
              'group_expired',
              now,
            );
          }
        })
        .immediate();
      for (const u of unread) this.lost?.inc({ topic: u.topic, group: groupId }, u.last - u.first + 1);
      const log =
        unread.length > 0 ? this.logger.error.bind(this.logger) : this.logger.info.bind(this.logger);
      log(
        { group: groupId, unread },
        'consumer group expired after its offsets retention; it no longer holds retention',
      );
    }
  }

  /** One retention pass over every topic. Group positions must be flushed first. */
  run(now = Date.now()): void {
    for (const topic of this.log.topics.values()) {
      const limits = limitsOf(topic);
      if (!limits) continue;
      let held = 0;
      for (const partition of topic.partitions) held += this.runPartition(topic, partition, limits, now);
      this.held?.set({ topic: topic.name }, held);
    }
  }

  losses(): RetentionLoss[] {
    const rows = this.statements.losses.all() as Array<
      Omit<RetentionLoss, 'recordedAt' | 'reason'> & { reason: RetentionLoss['reason']; recordedAt: number }
    >;
    return rows.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));
  }

  /** Returns how many records are held for lagging groups. */
  private runPartition(topic: SqliteTopic, partition: SqlitePartition, limits: Limits, now: number): number {
    const start = partition.logStartOffset;
    const end = partition.endOffset;
    if (end <= start) return 0;
    const byTime = (ms: number | undefined, extra: number): number =>
      ms === undefined ? start : this.firstKeptByTime(partition, start, end, now - ms - extra);
    const byBytes = (bytes: number | undefined, factor: number): number =>
      bytes === undefined ? start : this.firstKeptBySize(partition, bytes * factor);
    const wantedTime = byTime(limits.ms, 0);
    const wantedBytes = byBytes(limits.bytes, 1);
    const wanted = Math.max(wantedTime, wantedBytes);
    if (wanted <= start) return 0;

    const groups = this.statements.groups.all(partition.topicId, partition.partition) as Array<{
      groupId: string;
      nextOffset: number;
    }>;
    const slowest = Math.min(wanted, ...groups.map((g) => g.nextOffset));
    const forcedTime = byTime(limits.ms, this.hold.extraMs);
    const forcedBytes = byBytes(limits.bytes, this.hold.bytesFactor);
    const cut = Math.min(wanted, Math.max(slowest, forcedTime, forcedBytes));
    const reason: RetentionLoss['reason'] = forcedBytes >= forcedTime ? 'retention_bytes' : 'retention_ms';
    if (cut > start) this.truncate(topic, partition, groups, start, cut, reason, now);

    const held = wanted - Math.max(cut, start);
    if (held > 0 && !this.holding.has(partition)) {
      this.holding.add(partition);
      const lagging = groups.filter((g) => g.nextOffset < wanted).map((g) => g.groupId);
      this.logger.warn(
        { topic: topic.name, partition: partition.partition, held, lagging },
        'retention is holding records that lagging consumer groups have not committed',
      );
    } else if (held <= 0) {
      this.holding.delete(partition);
    }
    return Math.max(0, held);
  }

  private truncate(
    topic: SqliteTopic,
    partition: SqlitePartition,
    groups: ReadonlyArray<{ groupId: string; nextOffset: number }>,
    start: number,
    cut: number,
    reason: RetentionLoss['reason'],
    now: number,
  ): void {
    const losses = groups
      .filter((g) => g.nextOffset < cut)
      .map((g) => ({ groupId: g.groupId, first: Math.max(g.nextOffset, start), last: cut - 1 }));
    this.log.db
      .transaction(() => {
        this.statements.deleteBelow.run(partition.topicId, partition.partition, cut);
        this.statements.setStart.run(cut, partition.topicId, partition.partition);
        for (const l of losses) {
          this.statements.recordLoss.run(
            topic.name,
            partition.partition,
            l.groupId,
            l.first,
            l.last,
            l.last - l.first + 1,
            reason,
            now,
          );
        }
      })
      .immediate();
    partition.truncatedTo(cut);
    this.deleted?.inc({ topic: topic.name }, cut - start);
    for (const l of losses) {
      const records = l.last - l.first + 1;
      this.lost?.inc({ topic: topic.name, group: l.groupId }, records);
      this.logger.error(
        {
          topic: topic.name,
          partition: partition.partition,
          group: l.groupId,
          firstOffset: l.first,
          lastOffset: l.last,
          records,
          reason,
        },
        'retention deleted records a consumer group had not committed (recorded in bus_retention_losses)',
      );
    }
  }

  /** First offset whose timestamp is at or after `cutoff` (records before it are expired). */
  private firstKeptByTime(partition: SqlitePartition, start: number, end: number, cutoff: number): number {
    const row = this.statements.firstAtOrAfter.get(partition.topicId, partition.partition, start, cutoff) as
      { offset: number } | undefined;
    return row?.offset ?? end;
  }

  /** First offset kept when the newest records may use `bytes` in total. */
  private firstKeptBySize(partition: SqlitePartition, bytes: number): number {
    const row = this.statements.lastOverBytes.get(partition.topicId, partition.partition, bytes) as
      { offset: number } | undefined;
    return row ? row.offset + 1 : partition.logStartOffset;
  }
}

function limitsOf(topic: SqliteTopic): Limits | undefined {
  const policy = topic.config['cleanup.policy'] ?? 'delete';
  if (
    !policy
      .split(',')
      .map((p) => p.trim())
      .includes('delete')
  )
    return undefined;
  const number = (name: string): number | undefined => {
    const raw = topic.config[name];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const ms =
    number('retention.ms') ??
    (topic.config['retention.ms'] === undefined ? 7 * 24 * 60 * 60 * 1000 : undefined);
  const bytes = number('retention.bytes');
  return ms === undefined && bytes === undefined ? undefined : { ms, bytes };
}
