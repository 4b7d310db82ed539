import Database from 'better-sqlite3';
import { appendLifecycle, tempLedger, type TempLedger } from './ledger-fixtures';

describe('scenario: a hash is edited out of band (raw SQLite handle)', () => {
  let t: TempLedger;
  beforeEach(async () => {
    t = await tempLedger();
    await appendLifecycle(t.ledger);
  });
  afterEach(() => t.close());

  // Bypasses the store entirely, as someone with file access would. The table layout is
  // the SQLite adapter's (ds_<collection>, JSON in `doc`).
  function rawUpdate(id: string, path: string, value: string | number): void {
    const db = new Database(t.file);
    try {
      const changes = db
        .prepare(`UPDATE ds_ledger SET doc = json_set(doc, ?, ?) WHERE _id = ?`)
        .run(path, value, id).changes;
      expect(changes).toBe(1);
    } finally {
      db.close();
    }
  }

  it('an edited entry hash is HASH_MISMATCH at that seq', async () => {
    rawUpdate('main:000000000004', '$.hash', 'f'.repeat(64));
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: 'HASH_MISMATCH' });
  });

  it('an edited prevHash is LINK_BROKEN', async () => {
    rawUpdate('main:000000000002', '$.prevHash', '0'.repeat(64));
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'LINK_BROKEN' });
  });

  it('a back-dated timestamp is HASH_MISMATCH', async () => {
    rawUpdate('main:000000000005', '$.at', '2025-06-01T00:00:00.000Z');
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 5, reason: 'HASH_MISMATCH' });
  });

  it('an edited seq field is OUT_OF_ORDER', async () => {
    rawUpdate('main:000000000002', '$.seq', 7);
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'OUT_OF_ORDER' });
  });
});
