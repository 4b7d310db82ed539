import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness, operator, CORPUS } from '../contract/contract-fixtures';
import { SqliteKnowledgeIndex } from './sqlite-knowledge-index.adapter';

describe('SqliteKnowledgeIndex keyword queries on the read worker', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-knowledge-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ranked = async (index: SqliteKnowledgeIndex, query: string) => {
    const h = harness(index);
    const result = await h.retrieve.retrieve({ query, caller: operator(['plant-a', 'plant-b']), scope: {} });
    if (!result.ok) throw new Error(result.message);
    return result.hits.map((x) => [x.chunk.chunkId, x.score]);
  };

  it('answers exactly as this connection does', async () => {
    const file = join(dir, 'knowledge.sqlite');
    const withWorker = new SqliteKnowledgeIndex({ file, vectorDims: null });
    await withWorker.init();
    await harness(withWorker).ingestion.ingestAll(CORPUS);
    const inline = new SqliteKnowledgeIndex({ file, vectorDims: null, readWorker: false });
    for (const query of ['A-200', 'press alarm maintenance', 'seal kit HP-2210', 'TEMP_HI mixer']) {
      const viaWorker = await ranked(withWorker, query);
      expect(viaWorker.length).toBeGreaterThan(0);
      expect(viaWorker).toEqual(await ranked(inline, query));
    }
    expect(withWorker.readWorkerError).toBeUndefined();
    await inline.close();
    await withWorker.close();
  });

  it('sees what was written a moment before on the other connection', async () => {
    const index = new SqliteKnowledgeIndex({ file: join(dir, 'knowledge.sqlite'), vectorDims: null });
    await index.init();
    const h = harness(index);
    expect(await ranked(index, 'A-200')).toEqual([]);
    await h.ingestion.ingestAll(CORPUS);
    expect((await ranked(index, 'A-200')).length).toBeGreaterThan(0);
    expect(index.readWorkerError).toBeUndefined();
    await index.close();
  });

  it('answers on this connection when the worker cannot open the file, and says why', async () => {
    const file = join(dir, 'knowledge.sqlite');
    const index = new SqliteKnowledgeIndex({ file, vectorDims: null });
    await index.init();
    await harness(index).ingestion.ingestAll(CORPUS);
    // This connection keeps the unlinked file open; the worker, started on the first
    // query, finds no file to open.
    unlinkSync(file);
    expect((await ranked(index, 'A-200')).length).toBeGreaterThan(0);
    expect(index.readWorkerError?.message).toMatch(/unable to open|no such file|SQLITE_CANTOPEN|exited/i);
    expect((await ranked(index, 'seal kit HP-2210')).length).toBeGreaterThan(0);
    await index.close();
  });
});
