import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize } from '../canonical/canonical-json';
import { keyIdOf } from '../signing/ed25519-keys';

/** Domain separation: these bytes can never be mistaken for a decision or any other signed text. */
export const CHECKPOINT_TYPE = 'andon.ledger.checkpoint.v1';

/**
 * A signed statement "entry `seq` of `chain` has hash `hash`", made by the ledger's own
 * key. Kept outside the database (a witness location and a Kafka topic), it turns the
 * hash chain's tamper evidence into truncation and rewrite evidence: a head below `seq`
 * or another hash at `seq` cannot be hidden by recomputing the chain.
 */
export interface SignedCheckpoint {
  chain: string;
  seq: number;
  hash: string;
  /** ISO-8601 instant the checkpoint was made */
  at: string;
  keyId: string;
  /** the signed bytes: canonical JSON of {at, chain, hash, keyId, seq, type} */
  statement: string;
  /** Ed25519 signature over `statement`, base64 */
  signature: string;
}

export type CheckpointVerification = { ok: true } | { ok: false; message: string };

export function checkpointStatement(
  fields: Pick<SignedCheckpoint, 'chain' | 'seq' | 'hash' | 'at' | 'keyId'>,
): string {
  return canonicalize({
    type: CHECKPOINT_TYPE,
    chain: fields.chain,
    seq: fields.seq,
    hash: fields.hash,
    at: fields.at,
    keyId: fields.keyId,
  });
}

export function signCheckpoint(
  head: { chain: string; seq: number; hash: string },
  at: Date,
  privateKey: KeyObject,
): SignedCheckpoint {
  if (!Number.isInteger(head.seq) || head.seq < 1)
    throw new Error(`checkpoint seq must be a positive integer, got ${head.seq}`);
  if (!/^[0-9a-f]{64}$/.test(head.hash)) throw new Error('checkpoint hash must be 64 lowercase hex digits');
  const fields = {
    chain: head.chain,
    seq: head.seq,
    hash: head.hash,
    at: at.toISOString(),
    keyId: keyIdOf(privateKey),
  };
  const statement = checkpointStatement(fields);
  return {
    ...fields,
    statement,
    signature: sign(null, Buffer.from(statement, 'utf8'), privateKey).toString('base64'),
  };
}

/** The statement must be the one its fields make, and signed by one of `publicKeys` (keyId -> key). */
export function verifyCheckpoint(
  checkpoint: SignedCheckpoint,
  publicKeys: ReadonlyMap<string, KeyObject>,
): CheckpointVerification {
  let expected: string;
  try {
    expected = checkpointStatement(checkpoint);
  } catch (err) {
    return { ok: false, message: `checkpoint fields are not plain JSON: ${(err as Error).message}` };
  }
  if (expected !== checkpoint.statement)
    return { ok: false, message: 'the signed statement does not match the checkpoint fields' };
  const key = publicKeys.get(checkpoint.keyId);
  if (!key) return { ok: false, message: `checkpoint signed by unknown key ${checkpoint.keyId}` };
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(checkpoint.statement, 'utf8'),
      key,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true }
    : { ok: false, message: `checkpoint signature does not verify with key ${checkpoint.keyId}` };
}
