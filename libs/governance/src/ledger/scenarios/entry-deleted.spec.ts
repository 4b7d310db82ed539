import { must } from '../../test-support/must';
import { appendLifecycle, tempLedger, type TempLedger } from './ledger-fixtures';

describe('scenario: an entry is deleted', () => {
  let t: TempLedger;
  beforeEach(async () => {
    t = await tempLedger();
    await appendLifecycle(t.ledger);
  });
  afterEach(() => t.close());

  it('a deleted middle entry is reported as a GAP at its seq', async () => {
    const docs = await t.docs();
    expect(await docs.deleteMany({ _id: 'main:000000000003' })).toBe(1);
    const result = await t.ledger.verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 3, reason: 'GAP', entries: 2 });
    expect(result.ok ? '' : result.detail).toBe('seq 3 missing; next present is 4');
  });

  it('a deleted first entry is a GAP at 1', async () => {
    await (await t.docs()).deleteMany({ _id: 'main:000000000001' });
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 1, reason: 'GAP' });
  });

  it('a truncated tail is only visible against an anchor recorded earlier', async () => {
    const anchor = must(await t.ledger.head());
    await (await t.docs()).deleteMany({ _id: 'main:000000000006' });
    expect((await t.ledger.verify()).ok).toBe(true);
    expect(await t.ledger.verify(anchor)).toMatchObject({ ok: false, brokenAt: 6, reason: 'TRUNCATED' });
  });

  it('appending after a deletion does not paper over it', async () => {
    await (await t.docs()).deleteMany({ _id: 'main:000000000002' });
    await t.ledger.append({
      kind: 'recommendation',
      subjectId: 'r-9',
      payload: { text: 'after the deletion' },
    });
    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'GAP' });
  });
});
