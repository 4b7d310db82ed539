import { must } from '../../test-support/must';
import { Ledger } from '../ledger';
import { tempLedger, type TempLedger } from './ledger-fixtures';

describe('scenario: concurrent appends', () => {
  let t: TempLedger;
  beforeEach(async () => {
    t = await tempLedger();
  });
  afterEach(() => t.close());

  it('20 appends racing from 20 writers on 4 connections give a gap-free chain', async () => {
    const stores = [t.store, t.openAnother(), t.openAnother(), t.openAnother()];
    let lostRaces = 0;
    const writers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        Ledger.open(must(stores[i % stores.length]), { onRetry: () => lostRaces++ }),
      ),
    );
    const appended = await Promise.all(
      writers.map((w, i) =>
        w.append({ kind: 'recommendation', subjectId: `rec-${i}`, payload: { writer: i } }),
      ),
    );

    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // The writers really did collide; otherwise this scenario would prove nothing.
    expect(lostRaces).toBeGreaterThan(0);
    const result = await t.ledger.verify();
    expect(result).toMatchObject({ ok: true, entries: 20 });
    const subjects = (await t.ledger.query()).map((e) => e.subjectId).sort();
    expect(subjects).toEqual(Array.from({ length: 20 }, (_, i) => `rec-${i}`).sort());
  });

  it('20 appends fired at once through one writer are queued in call order', async () => {
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.ledger.append({ kind: 'llm.call', subjectId: `call-${i}`, payload: { i } }),
      ),
    );
    expect(entries.map((e) => e.subjectId)).toEqual(Array.from({ length: 20 }, (_, i) => `call-${i}`));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await t.ledger.verify()).toMatchObject({ ok: true, entries: 20 });
  });

  it('chains in one collection are independent', async () => {
    const site = await Ledger.open(t.store, { chain: 'plant-b' });
    await Promise.all([
      t.ledger.append({ kind: 'recommendation', subjectId: 'a', payload: {} }),
      site.append({ kind: 'recommendation', subjectId: 'b', payload: {} }),
      site.append({ kind: 'recommendation', subjectId: 'c', payload: {} }),
    ]);
    expect(await t.ledger.verify()).toMatchObject({ ok: true, entries: 1 });
    expect(await site.verify()).toMatchObject({ ok: true, entries: 2 });
  });
});
