import { verifyDecision, type DecisionVerification, type SigningKeyPair } from '@andon/governance/policy';
import type { Decision, ProposedAction } from '@andon/contracts';
import type { DecideInput } from '../decide/decide.service';
import { decisionForSigningFromProto } from '@andon/governance/policy';
import { actionForHash } from '@andon/governance/policy';
import type { ApprovalHarness } from './approval-harness';
import { DEMO_PASSWORD } from './approval-harness';

/** What a consumer of andon.actions.decided.v1 checks: signature by the service key over this exact action. */
export function verifyPublished(
  decision: Decision,
  key: SigningKeyPair,
  action: ProposedAction,
): DecisionVerification {
  const { signed, signature } = decisionForSigningFromProto(decision);
  return verifyDecision(signed, signature, new Map([[key.keyId, key.publicKey]]), {
    action: actionForHash(action),
  });
}

export function approval(overrides: Partial<DecideInput> = {}): DecideInput {
  return {
    approve: true,
    meaning: 'APPROVAL',
    reason: 'evidence reviewed, hold is justified',
    password: DEMO_PASSWORD,
    ...overrides,
  };
}

export function rejection(overrides: Partial<DecideInput> = {}): DecideInput {
  return {
    approve: false,
    meaning: 'REVIEW',
    reason: 'lot already shipped; recall path instead',
    password: DEMO_PASSWORD,
    ...overrides,
  };
}

/** Signs as `userId` through the decide use case. */
export async function sign(h: ApprovalHarness, userId: string, actionId: string, input: DecideInput) {
  return h.decide.decide(await h.principal(userId), actionId, input);
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; code?: string; message: string };
    return { status: e.status ?? 500, code: e.code ?? 'UNKNOWN', message: e.message };
  }
  throw new Error('expected a refusal, but the call succeeded');
}
