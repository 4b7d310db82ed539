import type { ProposedAction } from '@andon/contracts';
import { ambiguousJsonProblems } from '@andon/governance/canonical';
import { riskClassName } from '@andon/governance/policy';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ACTION_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
const SITE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HTTP_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every problem with a proposal, each naming its field; empty when it may be stored.
 * Problems are permanent (a redelivery will not fix them), so intake dead-letters them.
 */
export function proposalProblems(action: ProposedAction, now: Date): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(SAFE_ID.test(action.actionId), `actionId "${action.actionId}" must be 1-128 of [A-Za-z0-9._:-]`);
  need(
    ACTION_TYPE.test(action.actionType),
    `actionType "${action.actionType}" must be a dotted lower-case verb like mes.hold_lot`,
  );
  need(riskClassName(action.riskClass) !== null, `riskClass ${action.riskClass} is not a known risk class`);
  const site = action.location?.site ?? '';
  need(site !== '', 'location.site is required: every action belongs to a site');
  need(site === '' || SITE_CODE.test(site), `location.site "${site}" is not a site code`);
  need(!(action.location?.line ?? '').includes('/'), 'location.line must not contain "/"');
  need(action.proposedBy.trim() !== '', 'proposedBy is required (the proposing agent)');
  need(action.proposedAt !== undefined, 'proposedAt is required');
  need(action.expiresAt !== undefined, 'expiresAt is required');
  if (action.expiresAt) {
    need(
      action.expiresAt.getTime() > now.getTime(),
      `expiresAt ${action.expiresAt.toISOString()} is in the past`,
    );
    if (action.proposedAt) {
      need(action.expiresAt.getTime() > action.proposedAt.getTime(), 'expiresAt must be after proposedAt');
    }
  }
  if (action.proposedAt) {
    // A clock a little ahead is tolerated; a proposal from the future is not.
    need(
      action.proposedAt.getTime() <= now.getTime() + 5 * 60_000,
      `proposedAt ${action.proposedAt.toISOString()} is in the future`,
    );
  }
  const call = action.mesCall;
  if (!call) {
    problems.push('mesCall is required: the exact MES call is what gets approved');
  } else {
    need(
      HTTP_METHODS.has(call.method),
      `mesCall.method "${call.method}" must be one of ${[...HTTP_METHODS].join(', ')}`,
    );
    need(call.path.startsWith('/'), `mesCall.path "${call.path}" must start with "/"`);
    const payload = call.payloadJson === '' ? '{}' : call.payloadJson;
    need(isJson(payload), 'mesCall.payloadJson is not valid JSON');
    // What the approver is shown must be what the MES receives: no reading of the bytes may differ.
    if (isJson(payload))
      for (const problem of ambiguousJsonProblems(payload)) problems.push(`mesCall.payloadJson ${problem}`);
  }
  need(
    action.generation !== undefined,
    'generation is required: a signature binds the prompt and model that produced the action',
  );
  for (const [i, ref] of action.evidence.entries()) need(ref.id !== '', `evidence[${i}].id is required`);
  return problems;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
