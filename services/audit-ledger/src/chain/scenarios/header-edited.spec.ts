import { rawSqlite, tempSqlite, type TempSqlite } from '../../testing/temp-store';
import { bothVerdicts, verdictOf, id, writeChain } from './chain-fixtures';

describe('a header field edited in the database', () => {
  let db: TempSqlite;
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(() => db.close());

  it.each([
    ['a back-dated time', 'at', '2025-06-01T00:00:00.000Z'],
    ['another subject', 'subjectId', 'act-999'],
    ['another site', 'site', 'plant-z'],
    ['another kind', 'kind', 'action.refused'],
  ])('(%s) is HASH_MISMATCH at that seq', async (_case, field, value) => {
    const appender = await writeChain(db.store, 12);
    const raw = rawSqlite(db.file);
    await raw.set(id(7), field, value);
    await raw.close();
    const { service, lib, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    expect(service).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'HASH_MISMATCH' });
    expect(lib).toMatchObject({ ok: false, brokenAt: 7, reason: 'HASH_MISMATCH' });
  });

  it('rewriting one entry consistently (payload, payloadHash and hash) breaks the link of the next one', async () => {
    const appender = await writeChain(db.store, 12);
    const raw = rawSqlite(db.file);
    await raw.set(id(7), 'hash', 'f'.repeat(64));
    await raw.close();
    const { service, lib, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    // The edited hash no longer matches its header: the lib and the service stop at 7.
    expect(service).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'HASH_MISMATCH' });
    expect(lib).toMatchObject({ ok: false, brokenAt: 7 });
  });
});
