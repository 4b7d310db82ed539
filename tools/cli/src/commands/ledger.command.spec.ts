import { describeVerification } from './ledger.command';

describe('andon ledger verify output', () => {
  const checkpoint = {
    seq: 30,
    hash: 'ab'.repeat(32),
    at: '2026-12-06T18:00:00.000Z',
    keyId: '0123456789abcdef',
    file: '/witness/main-000000000030.checkpoint.json',
  };

  it('names the checkpoint it verified against and the unanchored tail', () => {
    expect(
      describeVerification({
        ok: true,
        checked: 34,
        anchor: { status: 'ANCHORED', detail: '', checkpoint, unanchoredEntries: 4 },
      }),
    ).toEqual([
      'ledger OK up to checkpoint 30: 34 entries verified, 4 after the checkpoint not yet anchored',
      `checkpoint: seq 30, hash ${checkpoint.hash}, signed 2026-12-06T18:00:00.000Z by key 0123456789abcdef (/witness/main-000000000030.checkpoint.json)`,
    ]);
  });

  it('says TRUNCATED or DIVERGED rather than only broken', () => {
    const truncated = describeVerification({
      ok: false,
      checked: 27,
      firstBadSeq: 28,
      reason: 'TRUNCATED',
      detail: 'chain ends at seq 27',
      anchor: { status: 'TRUNCATED', detail: '', checkpoint, unanchoredEntries: null },
    });
    expect(truncated[0]).toBe('ledger TRUNCATED at seq 28: TRUNCATED: chain ends at seq 27');
    expect(truncated[1]).toContain('checkpoint: seq 30');
    expect(
      describeVerification({
        ok: false,
        checked: 10,
        firstBadSeq: 11,
        reason: 'DIVERGED',
        detail: 'rewritten',
        anchor: { status: 'DIVERGED', detail: '', checkpoint, unanchoredEntries: null },
      })[0],
    ).toBe('ledger DIVERGED at seq 11: DIVERGED: rewritten');
  });

  it('says when no checkpoint was there to anchor the chain', () => {
    expect(
      describeVerification({
        ok: true,
        checked: 3,
        anchor: {
          status: 'NO_WITNESS',
          detail: 'no witness location configured',
          checkpoint: null,
          unanchoredEntries: null,
        },
      }),
    ).toEqual([
      'ledger OK: 3 entries verified',
      'checkpoint: none (NO_WITNESS): no witness location configured',
    ]);
  });
});
