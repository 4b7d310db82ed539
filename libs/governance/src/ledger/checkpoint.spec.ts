import { generateSigningKeyPair } from '../signing/ed25519-keys';
import { checkpointStatement, signCheckpoint, verifyCheckpoint } from './checkpoint';

describe('ledger checkpoints', () => {
  const key = generateSigningKeyPair();
  const other = generateSigningKeyPair();
  const keys = new Map([[key.keyId, key.publicKey]]);
  const head = { chain: 'main', seq: 42, hash: 'ab'.repeat(32) };
  const at = new Date('2026-12-06T18:00:00.000Z');

  it('signs sequence, head hash, time and key id, and verifies with the public key', () => {
    const cp = signCheckpoint(head, at, key.privateKey);
    expect(cp).toMatchObject({
      chain: 'main',
      seq: 42,
      hash: head.hash,
      at: at.toISOString(),
      keyId: key.keyId,
    });
    expect(JSON.parse(cp.statement)).toEqual({
      type: 'andon.ledger.checkpoint.v1',
      chain: 'main',
      seq: 42,
      hash: head.hash,
      at: at.toISOString(),
      keyId: key.keyId,
    });
    expect(verifyCheckpoint(cp, keys)).toEqual({ ok: true });
  });

  it('refuses a checkpoint whose fields were changed, even with the statement rebuilt', () => {
    const cp = signCheckpoint(head, at, key.privateKey);
    expect(verifyCheckpoint({ ...cp, seq: 41 }, keys)).toEqual({
      ok: false,
      message: 'the signed statement does not match the checkpoint fields',
    });
    const moved = { ...cp, seq: 41 };
    expect(verifyCheckpoint({ ...moved, statement: checkpointStatement(moved) }, keys)).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not verify'),
    });
  });

  it('refuses a checkpoint signed by a key it was not given', () => {
    const cp = signCheckpoint(head, at, other.privateKey);
    expect(verifyCheckpoint(cp, keys)).toEqual({
      ok: false,
      message: `checkpoint signed by unknown key ${other.keyId}`,
    });
    // Claiming the trusted key id does not help: the signature is checked with that key.
    const claimed = { ...cp, keyId: key.keyId };
    expect(verifyCheckpoint({ ...claimed, statement: checkpointStatement(claimed) }, keys)).toMatchObject({
      ok: false,
    });
  });

  it('refuses heads that are not positions of a chain', () => {
    expect(() => signCheckpoint({ ...head, seq: 0 }, at, key.privateKey)).toThrow('positive integer');
    expect(() => signCheckpoint({ ...head, hash: 'xyz' }, at, key.privateKey)).toThrow('64 lowercase hex');
  });
});
