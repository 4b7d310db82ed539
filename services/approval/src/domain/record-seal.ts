import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProposedAction } from '@andon/contracts';
import { actionForHash, type SigningKeyPair } from '@andon/governance/policy';
import { actionHash, canonicalize, type JsonValue } from '@andon/governance/canonical';
import { APPROVAL_SIGNING_KEY } from '../approval.tokens';
import type { ActionRecord, StoredSignature } from './action-record';

/** The record fields sealed at intake: everything policy and the decision are built from. */
export type SealedIntakeFields = Pick<
  ActionRecord,
  | '_id'
  | 'site'
  | 'line'
  | 'actionType'
  | 'riskClass'
  | 'proposedBy'
  | 'proposedAtMs'
  | 'actionHash'
  | 'proposal'
  | 'actionExpiresAt'
>;

/** A signature as stored, with the seal approval put on it when it was captured. */
export type UnsealedSignature = Omit<StoredSignature, 'seal'>;

/** What an integrity check found; the codes name the kind of tampering. */
export interface IntegrityFinding {
  code: 'INTAKE_SEAL_INVALID' | 'ACTION_HASH_MISMATCH' | 'SIGNATURE_SEAL_INVALID';
  detail: string;
}

/**
 * Seals approval's own records with a MAC key only approval holds (derived from its
 * Ed25519 signing key with HKDF, so there is no second secret to deploy). Anyone with
 * database access can write an action record or a signature; nobody without the key can
 * make one that verifies. Before a decision is signed every seal is re-checked and the
 * action hash is recomputed from the stored proposal.
 */
@Injectable()
export class RecordSealer {
  private readonly key: Buffer;

  constructor(@Inject(APPROVAL_SIGNING_KEY) signingKey: SigningKeyPair) {
    const material = signingKey.privateKey.export({ format: 'der', type: 'pkcs8' });
    this.key = Buffer.from(hkdfSync('sha256', material, 'andon-approval', 'approval-record-seal-v1', 32));
  }

  sealIntake(fields: SealedIntakeFields): string {
    return this.mac('intake', {
      id: fields._id,
      site: fields.site,
      line: fields.line,
      actionType: fields.actionType,
      riskClass: fields.riskClass,
      proposedBy: fields.proposedBy,
      proposedAtMs: fields.proposedAtMs,
      actionHash: fields.actionHash,
      proposal: fields.proposal as JsonValue,
      actionExpiresAt: fields.actionExpiresAt,
    });
  }

  sealSignature(actionId: string, actionHashValue: string, signature: UnsealedSignature): string {
    const { seal: _ignored, ...fields } = signature as StoredSignature;
    return this.mac('signature', {
      actionId,
      actionHash: actionHashValue,
      signature: fields as unknown as JsonValue,
    });
  }

  /** Every problem with a stored record and the signatures about to be used; empty when all verify. */
  check(
    record: SealedIntakeFields & { intakeSeal?: string },
    signatures: readonly StoredSignature[],
  ): IntegrityFinding[] {
    const findings: IntegrityFinding[] = [];
    if (!this.same(record.intakeSeal, this.sealIntake(record))) {
      findings.push({
        code: 'INTAKE_SEAL_INVALID',
        detail: `the stored action ${record._id} does not carry approval's intake seal`,
      });
    }
    const recomputed = recomputeHash(record.proposal);
    if (recomputed !== record.actionHash) {
      findings.push({
        code: 'ACTION_HASH_MISMATCH',
        detail: `the stored proposal hashes to ${recomputed ?? '(undecodable)'}, the record says ${record.actionHash}`,
      });
    }
    for (const [i, signature] of signatures.entries()) {
      if (!this.same(signature.seal, this.sealSignature(record._id, record.actionHash, signature))) {
        findings.push({
          code: 'SIGNATURE_SEAL_INVALID',
          detail: `signature ${i} (${signature.userId}) was not captured by approval`,
        });
      }
    }
    return findings;
  }

  private mac(kind: string, value: JsonValue): string {
    return createHmac('sha256', this.key)
      .update(kind)
      .update('\n')
      .update(canonicalize(value))
      .digest('base64url');
  }

  private same(stored: string | undefined, expected: string): boolean {
    if (typeof stored !== 'string') return false;
    const a = Buffer.from(stored);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function recomputeHash(proposal: Record<string, unknown>): string | null {
  try {
    return actionHash(actionForHash(ProposedAction.fromJSON(proposal)));
  } catch {
    return null;
  }
}
