import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ReadReply, ReadRequest } from './sqlite-read-worker';

/**
 * Worker thread of SqliteReadWorker: a read-only connection to the index file that runs
 * the SELECTs it is sent, with their statements compiled once.
 */
const { file, mmapBytes } = workerData as { file: string; mmapBytes: number };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma(`mmap_size = ${mmapBytes}`);
const statements = new Map<string, Database.Statement>();

parentPort?.on('message', (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    let statement = statements.get(request.sql);
    if (!statement) {
      if (statements.size >= 256) statements.clear();
      statement = db.prepare(request.sql);
      statements.set(request.sql, statement);
    }
    reply = { id: request.id, ok: true, rows: statement.all(...request.params) };
  } catch (err) {
    reply = { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
