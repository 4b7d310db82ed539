import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKnowledgeIndexContract } from '../contract/run-knowledge-index-contract';
import type { KnowledgeIndex } from '../knowledge-index.port';
import { SqliteKnowledgeIndex } from './sqlite-knowledge-index.adapter';

runKnowledgeIndexContract('SQLite FTS5 + sqlite-vec', {
  async create({ vectorDims }) {
    const index = new SqliteKnowledgeIndex({ file: ':memory:', vectorDims });
    await index.init();
    return index;
  },
  dispose: (index) => index.close(),
});

// The same contract on a file, where keyword queries run on the read worker's own
// connection while writes (ingestion, supersession) go through this one.
const dirs = new Map<KnowledgeIndex, string>();
runKnowledgeIndexContract('SQLite FTS5 + sqlite-vec on a file, keyword queries on the read worker', {
  async create({ vectorDims }) {
    const dir = mkdtempSync(join(tmpdir(), 'andon-knowledge-'));
    const index = new SqliteKnowledgeIndex({ file: join(dir, 'knowledge.sqlite'), vectorDims });
    await index.init();
    dirs.set(index, dir);
    return index;
  },
  async dispose(index) {
    const worker = (index as SqliteKnowledgeIndex).readWorkerError;
    await index.close();
    rmSync(dirs.get(index) ?? '', { recursive: true, force: true });
    // A contract that passed on the fallback path would prove nothing about the worker.
    if (worker) throw new Error(`the read worker failed during the contract: ${worker.message}`);
  },
});
