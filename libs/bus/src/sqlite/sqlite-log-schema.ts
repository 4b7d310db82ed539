import type Database from 'better-sqlite3';

/**
 * The durable embedded bus's tables. One row per record (rowid table: values of a plant
 * event are ~1 KB, too large for a WITHOUT ROWID b-tree), keyed by (topic, partition,
 * offset); partitions keep their start and end offsets so offsets are never reused after
 * retention empties a partition; groups keep their committed next offset per partition.
 */
export const SCHEMA_VERSION = 1;

export function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS bus_meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS bus_topics (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      partitions INTEGER NOT NULL,
      config TEXT NOT NULL CHECK (json_valid(config)),
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS bus_partitions (
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      start_offset INTEGER NOT NULL,
      end_offset INTEGER NOT NULL,
      PRIMARY KEY (topic_id, partition)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS bus_records (
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      offset INTEGER NOT NULL,
      key TEXT,
      value BLOB NOT NULL,
      headers TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      size INTEGER NOT NULL,
      UNIQUE (topic_id, partition, offset)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS bus_group_offsets (
      group_id TEXT NOT NULL,
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      next_offset INTEGER NOT NULL,
      committed_at INTEGER NOT NULL,
      PRIMARY KEY (group_id, topic_id, partition)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS bus_groups (
      group_id TEXT PRIMARY KEY NOT NULL,
      holds_retention INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS bus_retention_losses (
      id INTEGER PRIMARY KEY,
      topic TEXT NOT NULL,
      partition INTEGER NOT NULL,
      group_id TEXT NOT NULL,
      first_offset INTEGER NOT NULL,
      last_offset INTEGER NOT NULL,
      records INTEGER NOT NULL,
      reason TEXT NOT NULL,
      recorded_at INTEGER NOT NULL
    ) STRICT;
  `);
  const row = db.prepare(`SELECT value FROM bus_meta WHERE name = 'schema_version'`).get() as
    { value: string } | undefined;
  if (!row)
    db.prepare(`INSERT INTO bus_meta (name, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
  else if (Number(row.value) !== SCHEMA_VERSION) {
    throw new Error(
      `bus database has schema version ${row.value}; this build reads version ${SCHEMA_VERSION}`,
    );
  }
}

export interface RecordRow {
  offset: number;
  key: string | null;
  value: Buffer;
  headers: string;
  timestamp: number;
}
