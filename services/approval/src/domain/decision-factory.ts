import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Decision, ProposedAction, type Location } from '@andon/contracts';
import {
  decisionToProto,
  signDecision,
  type DecisionForSigning,
  type DecisionOutcome,
  type SigningKeyPair,
} from '@andon/governance/policy';
import { APPROVAL_SIGNING_KEY } from '../approval.tokens';
import type { ActionRecord, StoredDecision, StoredSignature } from './action-record';
import { toSignedApprover } from './decision-codec';

/** The record fields a decision is built from; intake has them before the record exists. */
export type DecisionSubject = Pick<ActionRecord, '_id' | 'actionHash' | 'proposal'>;

/** Policy id used when no rule matched: the action is rejected, and the decision says why. */
export const NO_MATCHING_RULE = 'no-matching-rule';

export interface DecisionTerms {
  outcome: DecisionOutcome;
  policy: { id: string; version: string };
  signatures: readonly StoredSignature[];
  expiresAt: string;
  decidedAt: Date;
}

/** Builds and signs decisions with the service key (Ed25519, key id included). */
@Injectable()
export class DecisionFactory {
  constructor(@Inject(APPROVAL_SIGNING_KEY) private readonly key: SigningKeyPair) {}

  get keyId(): string {
    return this.key.keyId;
  }

  build(subject: DecisionSubject, terms: DecisionTerms): StoredDecision {
    const signed: DecisionForSigning = {
      decisionId: randomUUID(),
      actionId: subject._id,
      actionHash: subject.actionHash,
      outcome: terms.outcome,
      policy: terms.policy,
      approverSignatures: terms.signatures.map(toSignedApprover),
      decidedAt: terms.decidedAt.toISOString(),
      expiresAt: new Date(terms.expiresAt).toISOString(),
    };
    const signature = signDecision(signed, this.key.privateKey);
    const proposal = ProposedAction.fromJSON(subject.proposal);
    const proto = decisionToProto(signed, signature, {
      location: proposal.location ?? emptyLocation(),
      correlationId: proposal.correlationId,
    });
    return {
      decisionId: signed.decisionId,
      outcome: signed.outcome,
      policy: signed.policy,
      decidedAt: signed.decidedAt,
      expiresAt: signed.expiresAt,
      keyId: signature.keyId,
      signature: signature.signature,
      algorithm: 'Ed25519',
      protoBase64: Buffer.from(Decision.encode(proto).finish()).toString('base64'),
    };
  }
}

function emptyLocation(): Location {
  return { enterprise: '', site: '', area: '', line: '', cell: '' };
}
