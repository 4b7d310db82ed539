import Database from 'better-sqlite3';
import type { MessageHeaders } from '../event-bus.port';
import type { GroupLag } from './sqlite-event-bus';
import type { RetentionLoss } from './sqlite-retention';

export interface InspectedRecord {
  partition: number;
  offset: number;
  key: string | null;
  headers: MessageHeaders;
  timestamp: number;
}

/**
 * Read-only view of a durable embedded bus file, safe while the owning process runs (WAL
 * readers never block the writer): committed group positions, lag, recorded retention
 * losses and record metadata. For operators (`andon` CLI) and tests.
 */
export class EmbeddedBusInspector {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
  }

  /** Committed positions as last written (a running process may be up to one commit interval ahead). */
  lag(): GroupLag[] {
    return this.db
      .prepare(
        `SELECT g.group_id AS groupId, t.name AS topic, g.partition AS partition, g.next_offset AS committed, p.end_offset AS "end",
                MAX(0, p.end_offset - g.next_offset) AS lag
         FROM bus_group_offsets g
         JOIN bus_topics t ON t.id = g.topic_id
         JOIN bus_partitions p ON p.topic_id = g.topic_id AND p.partition = g.partition
         ORDER BY g.group_id, t.name, g.partition`,
      )
      .all() as GroupLag[];
  }

  losses(): RetentionLoss[] {
    const rows = this.db
      .prepare(
        `SELECT topic, partition, group_id AS groupId, first_offset AS firstOffset, last_offset AS lastOffset, records, reason, recorded_at AS recordedAt
         FROM bus_retention_losses ORDER BY id`,
      )
      .all() as Array<Omit<RetentionLoss, 'recordedAt'> & { recordedAt: number }>;
    return rows.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));
  }

  /** Every record of a topic still in the log, in partition and offset order (values left out). */
  records(topic: string): InspectedRecord[] {
    const rows = this.db
      .prepare(
        `SELECT r.partition, r.offset, r.key, r.headers, r.timestamp FROM bus_records r JOIN bus_topics t ON t.id = r.topic_id
         WHERE t.name = ? ORDER BY r.partition, r.offset`,
      )
      .all(topic) as Array<Omit<InspectedRecord, 'headers'> & { headers: string }>;
    return rows.map((r) => ({ ...r, headers: JSON.parse(r.headers) as MessageHeaders }));
  }

  close(): void {
    this.db.close();
  }
}
