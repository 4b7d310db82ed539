import { must } from '../../test-support/must';
import { verifyExport } from '../verify-export';
import { GENESIS_HASH } from '../ledger-entry';
import { appendLifecycle, tempLedger, type TempLedger } from './ledger-fixtures';

describe('scenario: an untouched chain verifies', () => {
  let t: TempLedger;
  beforeEach(async () => {
    t = await tempLedger();
    await appendLifecycle(t.ledger);
  });
  afterEach(() => t.close());

  it('links every entry to the one before and verifies end to end', async () => {
    const entries = await t.ledger.query();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    expect(await t.ledger.verify()).toEqual({
      ok: true,
      entries: 6,
      head: { seq: 6, hash: entries[5]?.hash },
    });
  });

  it('an empty chain verifies with no head', async () => {
    const other = await tempLedger();
    expect(await other.ledger.verify()).toEqual({ ok: true, entries: 0, head: null });
    await other.close();
  });

  it('queries by kind, subject and time', async () => {
    expect((await t.ledger.query({ kind: 'action.signed' })).map((e) => e.payload)).toEqual([
      { userId: 'u-qe-1', meaning: 'APPROVAL', reason: 'drift confirmed' },
      { userId: 'u-ps-1', meaning: 'RESPONSIBILITY', reason: 'line stopped' },
    ]);
    expect((await t.ledger.query({ subjectId: 'act-1' })).map((e) => e.kind)).toEqual([
      'action.proposed',
      'action.signed',
      'action.signed',
      'action.decided',
      'action.executed',
    ]);
    expect((await t.ledger.query({ site: 'plant-b' })).map((e) => [e.seq, e.correlationId])).toEqual([
      [2, 'corr-77'],
    ]);
    // The fixture clock ticks one second per append, starting 10:00:01.
    expect((await t.ledger.query({ since: '2025-06-02T10:00:05.000Z' })).map((e) => e.seq)).toEqual([5, 6]);
  });

  it('exports JSON lines that verify offline', async () => {
    const lines: string[] = [];
    for await (const line of t.ledger.export()) lines.push(line);
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(JSON.parse(must(lines[1]))).toMatchObject({
      seq: 2,
      kind: 'action.proposed',
      payload: { lotId: 'LOT-2291' },
    });
    // Arbitrary chunking, as a file stream would deliver it.
    const text = lines.join('');
    const chunks = [text.slice(0, 100), text.slice(100, 777), text.slice(777)];
    expect(await verifyExport('main', chunks)).toMatchObject({ ok: true, entries: 6 });
  });

  it('an edited export line is caught offline', async () => {
    const lines: string[] = [];
    for await (const line of t.ledger.export()) lines.push(line);
    lines[3] = must(lines[3]).replace('line stopped', 'line running');
    expect(await verifyExport('main', lines)).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'PAYLOAD_TAMPERED',
    });
  });

  it('refuses payloads that cannot be hashed and unknown kinds, without touching the chain', async () => {
    await expect(
      t.ledger.append({ kind: 'recommendation', subjectId: 'r-1', payload: { score: Number.NaN } }),
    ).rejects.toThrow(/\$\.score/);
    await expect(
      t.ledger.append({ kind: 'recommendation', subjectId: 'r-1', payload: { note: undefined } }),
    ).rejects.toThrow(/\$\.note/);
    await expect(
      t.ledger.append({ kind: 'nonsense' as 'recommendation', subjectId: 'r-1', payload: {} }),
    ).rejects.toThrow(/unknown ledger kind/);
    expect(await t.ledger.verify()).toMatchObject({ ok: true, entries: 6 });
  });
});
