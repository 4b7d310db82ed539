import { rawSqlite, tempSqlite, type TempSqlite } from '../../testing/temp-store';
import { verifyRange } from '../../verify/range-verifier';
import { bothVerdicts, verdictOf, CHAIN, id, writeChain } from './chain-fixtures';

describe('an entry removed from the database', () => {
  let db: TempSqlite;
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(() => db.close());

  it('is a GAP at the missing seq; a range anchored on it cannot be verified', async () => {
    const appender = await writeChain(db.store, 20);
    const raw = rawSqlite(db.file);
    await raw.remove(id(9));
    await raw.close();
    const { service, lib, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    expect(service).toMatchObject({ ok: false, firstBadSeq: 9, reason: 'GAP', checked: 8 });
    expect(lib).toMatchObject({ ok: false, brokenAt: 9, reason: 'GAP' });
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 10 })).toMatchObject({
      ok: false,
      firstBadSeq: 9,
      reason: 'GAP',
    });
  });

  it('an entry whose seq field was changed is OUT_OF_ORDER where it is stored', async () => {
    const appender = await writeChain(db.store, 20);
    const raw = rawSqlite(db.file);
    await raw.set(id(14), 'seq', 21); // seq 15 is taken: the unique (chain, seq) index refuses it
    await raw.close();
    const { service, lib, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    expect(service).toMatchObject({ ok: false, firstBadSeq: 14, reason: 'OUT_OF_ORDER' });
    expect(lib).toMatchObject({ ok: false, brokenAt: 14, reason: 'OUT_OF_ORDER' });
  });
});
