import { MongoDocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName } from '@andon/testing';
import { must } from '../test-support/must';
import { Ledger } from './ledger';
import type { LedgerDocument } from './ledger-entry';

// The same chain semantics on the distributed adapter (FerretDB, no transactions), where
// the race between writers is a real race between connections to a server.
describe('ledger on the MongoDB-wire store (FerretDB)', () => {
  let stores: MongoDocumentStore[] = [];

  beforeEach(async () => {
    const uri = mongoUri(uniqueName('ledger'));
    stores = [await MongoDocumentStore.connect(uri), await MongoDocumentStore.connect(uri)];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
  });

  it('20 writers on 2 connections append a gap-free chain that verifies', async () => {
    let lostRaces = 0;
    const writers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => Ledger.open(must(stores[i % 2]), { onRetry: () => lostRaces++ })),
    );
    await Promise.all(
      writers.map((w, i) =>
        w.append({ kind: 'llm.call', subjectId: `call-${i}`, payload: { i, model: 'qwen2.5-7b' } }),
      ),
    );

    const reader = must(writers[0]);
    expect(await reader.verify()).toMatchObject({ ok: true, entries: 20 });
    expect((await reader.query()).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(lostRaces).toBeGreaterThan(0);
  });

  it('detects a payload edited through the store', async () => {
    const ledger = await Ledger.open(must(stores[0]));
    for (const outcome of ['approved', 'rejected', 'approved']) {
      await ledger.append({ kind: 'action.decided', subjectId: `act-${outcome}`, payload: { outcome } });
    }
    const docs = await must(stores[1]).collection<LedgerDocument>('ledger');
    const second = must(await docs.get('main:000000000002'));
    must(await docs.compareAndSet(second._id, second.version, { payloadJson: '{"outcome":"approved"}' }));
    expect(await ledger.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'PAYLOAD_TAMPERED' });
  });
});
