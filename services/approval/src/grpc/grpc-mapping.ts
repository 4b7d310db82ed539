import {
  ActionState,
  ActionView,
  Decision,
  ProposedAction,
  ReauthMethod,
  SignatureMeaning,
  type DecideRequest,
} from '@andon/contracts';
import { ROLES, type Role } from '@andon/governance/auth';
import { type PolicyEvaluation } from '@andon/governance/policy';
import type { ActionRecord, ActionStateName, ChosenMeaning } from '../domain/action-record';
import type { ActionQuery } from '../domain/action.repository';
import { ApprovalError } from '../domain/approval-error';
import { toProtoSignature } from '../domain/decision-codec';
import type { DecideInput } from '../decide/decide.service';

const STATES: Readonly<Record<ActionStateName, ActionState>> = {
  pending: ActionState.PENDING,
  approved: ActionState.APPROVED,
  // the contract has no separate auto-approved state; the decision's outcome says so
  auto_approved: ActionState.APPROVED,
  rejected: ActionState.REJECTED,
  expired: ActionState.EXPIRED,
};

/** Once mes-writeback reports back, the execution outcome is the state a reviewer cares about. */
export function stateEnum(record: Pick<ActionRecord, 'state' | 'execution'>): ActionState {
  if (record.execution?.status === 'executed') return ActionState.EXECUTED;
  if (record.execution?.status === 'failed') return ActionState.EXECUTION_FAILED;
  return STATES[record.state];
}

/** UNSPECIFIED means "every state"; APPROVED covers auto-approved too (executed or not). */
export function stateFilter(state: ActionState): Pick<ActionQuery, 'state' | 'execution'> {
  switch (state) {
    case ActionState.UNSPECIFIED:
      return {};
    case ActionState.PENDING:
      return { state: 'pending' };
    case ActionState.APPROVED:
      return { state: ['approved', 'auto_approved'] };
    case ActionState.REJECTED:
      return { state: 'rejected' };
    case ActionState.EXPIRED:
      return { state: 'expired' };
    case ActionState.EXECUTED:
      return { execution: 'executed' };
    case ActionState.EXECUTION_FAILED:
      return { execution: 'failed' };
    default:
      throw new ApprovalError(400, 'BAD_FILTER', `unknown action state ${state}`);
  }
}

export function actionView(record: ActionRecord, evaluation: PolicyEvaluation): ActionView {
  return ActionView.fromPartial({
    action: ProposedAction.fromJSON(record.proposal),
    actionHash: record.actionHash,
    state: stateEnum(record),
    signatures: record.signatures.map(toProtoSignature),
    requiredSignatures: evaluation.requirements?.approvers ?? 0,
    eligibleRoles: evaluation.requirements?.roles ?? [],
    ...(record.decision
      ? { decision: Decision.decode(Buffer.from(record.decision.protoBase64, 'base64')) }
      : {}),
  });
}

const MEANINGS: ReadonlyMap<SignatureMeaning, ChosenMeaning> = new Map([
  [SignatureMeaning.APPROVAL, 'APPROVAL'],
  [SignatureMeaning.REVIEW, 'REVIEW'],
  [SignatureMeaning.RESPONSIBILITY, 'RESPONSIBILITY'],
]);

export function decideInput(request: DecideRequest): DecideInput {
  const meaning = MEANINGS.get(request.meaning);
  if (!meaning)
    throw new ApprovalError(400, 'MEANING_MISSING', 'meaning must be REVIEW, APPROVAL or RESPONSIBILITY');
  const method = request.reauth?.method ?? ReauthMethod.UNSPECIFIED;
  if (method !== ReauthMethod.PASSWORD && method !== ReauthMethod.UNSPECIFIED) {
    throw new ApprovalError(400, 'REAUTH_METHOD', 'only password re-authentication is supported');
  }
  let role: Role | undefined;
  if (request.role !== '') {
    if (!(ROLES as readonly string[]).includes(request.role))
      throw new ApprovalError(400, 'BAD_ROLE', `unknown role "${request.role}"`);
    role = request.role as Role;
  }
  return {
    approve: request.approve,
    meaning,
    reason: request.reason,
    password: request.reauth?.credential ?? '',
    ...(request.actionHash !== '' ? { actionHash: request.actionHash } : {}),
    ...(role ? { role } : {}),
  };
}
