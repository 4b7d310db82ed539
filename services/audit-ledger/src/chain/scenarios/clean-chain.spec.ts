import { Ledger } from '@andon/governance/ledger';
import { tempSqlite, type TempSqlite } from '../../testing/temp-store';
import { verifyRange } from '../../verify/range-verifier';
import { bothVerdicts, verdictOf, CHAIN, writeChain } from './chain-fixtures';

describe('a chain written by the service appender', () => {
  let db: TempSqlite;
  beforeEach(() => {
    db = tempSqlite();
  });
  afterEach(() => db.close());

  it('verifies with the governance lib and with the service, entry for entry', async () => {
    const appender = await writeChain(db.store, 1_205);
    const { service, lib, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    expect(lib).toMatchObject({ ok: true, entries: 1_205 });
    expect(service).toEqual({
      ok: true,
      checked: 1_205,
      lastSeq: 1_205,
      headHash: lib.ok ? lib.head?.hash : 'lib failed',
    });
  });

  it('interleaves with the lib appender on one chain; both verifiers agree', async () => {
    const appender = await writeChain(db.store, 3);
    const lib = await Ledger.open(db.store, { chain: CHAIN });
    await lib.append({
      kind: 'llm.call',
      subjectId: 'call-1',
      payload: { model: 'qwen2.5-7b', tokens: 812 },
    });
    // The appender's cached head (seq 3) is stale: it loses seq 4, walks forward and links onto the lib's entry.
    await appender.append([
      {
        kind: 'recommendation',
        subjectId: 'rec-1',
        site: 'plant-a',
        correlationId: '',
        payload: { kind: 'oee' },
      },
    ]);
    const { service, lib: libVerdict, parallel } = await bothVerdicts(db.store, appender);
    expect(verdictOf(parallel)).toEqual(verdictOf(service));
    expect(libVerdict).toMatchObject({ ok: true, entries: 5 });
    expect(service).toMatchObject({ ok: true, checked: 5 });
    expect((await lib.query()).map((e) => e.kind)).toEqual([
      'action.proposed',
      'action.decided',
      'action.executed',
      'llm.call',
      'recommendation',
    ]);
  });

  it('verifies a range anchored on the entry before it, and an empty or reversed range', async () => {
    const appender = await writeChain(db.store, 30);
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 11, toSeq: 20 })).toMatchObject({
      ok: true,
      checked: 10,
      lastSeq: 20,
    });
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 25 })).toMatchObject({
      ok: true,
      checked: 6,
      lastSeq: 30,
    });
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 31 })).toEqual({
      ok: true,
      checked: 0,
      lastSeq: null,
      headHash: null,
    });
    expect(await verifyRange(appender.collection, CHAIN, { fromSeq: 5, toSeq: 4 })).toMatchObject({
      ok: true,
      checked: 0,
    });
  });
});
