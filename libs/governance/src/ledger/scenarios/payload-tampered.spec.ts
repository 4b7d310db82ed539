import { must } from '../../test-support/must';
import { sha256Hex } from '../../canonical/sha256';
import { headerHash } from '../ledger-entry';
import { appendLifecycle, tempLedger, type TempLedger } from './ledger-fixtures';

describe('scenario: a stored payload is edited', () => {
  let t: TempLedger;
  beforeEach(async () => {
    t = await tempLedger();
    await appendLifecycle(t.ledger);
  });
  afterEach(() => t.close());

  it('reports PAYLOAD_TAMPERED at that seq', async () => {
    const docs = await t.docs();
    const target = must(await docs.get('main:000000000005'));
    const edited = target.payloadJson.replace('"approved"', '"rejected"');
    expect(edited).not.toBe(target.payloadJson);
    expect(await docs.compareAndSet(target._id, target.version, { payloadJson: edited })).not.toBeNull();

    expect(await t.ledger.verify()).toMatchObject({
      ok: false,
      brokenAt: 5,
      reason: 'PAYLOAD_TAMPERED',
      entries: 4,
    });
  });

  it('a consistent rewrite of payload and its hashes breaks the link to the next entry', async () => {
    const docs = await t.docs();
    const target = must(await docs.get('main:000000000003'));
    const payloadJson = target.payloadJson.replace('drift confirmed', 'no drift seen');
    const payloadHash = sha256Hex(payloadJson);
    const hash = headerHash(target.prevHash, { ...target, payloadHash });
    await docs.compareAndSet(target._id, target.version, { payloadJson, payloadHash, hash });

    expect(await t.ledger.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: 'LINK_BROKEN' });
  });
});
