import { must } from '../../test-support/must';
import type { LedgerDocument } from '../ledger-entry';
import { appendLifecycle, tempLedger, type TempLedger } from './ledger-fixtures';

describe('scenario: two entries are swapped', () => {
  let t: TempLedger;
  beforeEach(async () => {
    t = await tempLedger();
    await appendLifecycle(t.ledger);
  });
  afterEach(() => t.close());

  const content = ({ _id: _i, version: _v, ...rest }: LedgerDocument) => rest;

  it('moving whole entries between positions is OUT_OF_ORDER at the first', async () => {
    const docs = await t.docs();
    const a = must(await docs.get('main:000000000003'));
    const b = must(await docs.get('main:000000000004'));
    // Three steps, because the store keeps (chain, seq) unique at every moment.
    const parked = must(await docs.compareAndSet(a._id, a.version, { ...content(b), seq: -1 }));
    must(await docs.compareAndSet(b._id, b.version, content(a)));
    must(await docs.compareAndSet(a._id, parked.version, { seq: b.seq }));
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'OUT_OF_ORDER' });
  });

  it('swapping contents but keeping seq numbers breaks the header hash', async () => {
    const docs = await t.docs();
    const a = must(await docs.get('main:000000000003'));
    const b = must(await docs.get('main:000000000004'));
    must(await docs.compareAndSet(a._id, a.version, { ...content(b), seq: a.seq }));
    must(await docs.compareAndSet(b._id, b.version, { ...content(a), seq: b.seq }));
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'LINK_BROKEN' });
  });
});
