import { rawSqlite, tempSqlite, type TempSqlite } from '../../testing/temp-store';
import { verifyRange } from '../../verify/range-verifier';
import { bothVerdicts, verdictOf, CHAIN, id, writeChain } from './chain-fixtures';

describe('a payload edited in the database', () => {
  let db: TempSqlite;
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(() => db.close());

  it('is PAYLOAD_TAMPERED at that seq, for the service and the lib alike, and in any range containing it', async () => {
    const appender = await writeChain(db.store, 40);
    const raw = rawSqlite(db.file);
    await raw.set(id(23), 'payloadJson', '{"i":22,"lot":"LOT-A1-00002","note":"bores 12.31 mm, 12.29 mm"}');
    await raw.close();

    const { service, lib, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    expect(service).toMatchObject({ ok: false, firstBadSeq: 23, reason: 'PAYLOAD_TAMPERED', checked: 22 });
    expect(lib).toMatchObject({ ok: false, brokenAt: 23, reason: 'PAYLOAD_TAMPERED' });
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 20, toSeq: 30 })).toMatchObject({
      ok: false,
      firstBadSeq: 23,
      checked: 3,
    });
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 24 })).toMatchObject({
      ok: true,
      checked: 17,
    });
  });
});
