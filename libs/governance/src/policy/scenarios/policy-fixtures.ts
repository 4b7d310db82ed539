import { join } from 'node:path';
import type { Role } from '../../auth/role';
import type { SignatureMeaning } from '../../model/signature-meaning';
import { loadPolicies, type LoadedPolicies } from '../load-policies';
import type { Approval, PolicyAction } from '../policy-types';

/** The repository's real seed policies: the scenarios test what ships. */
export const POLICY_ROOT = join(__dirname, '..', '..', '..', '..', '..', 'policies');

export function seedPolicies(): LoadedPolicies {
  return loadPolicies(POLICY_ROOT);
}

export const PROPOSED_AT = '2025-06-02T10:00:00.000Z';
export const minutesAfterProposal = (m: number) => new Date(Date.parse(PROPOSED_AT) + m * 60_000);
export const at = (m: number) => minutesAfterProposal(m).toISOString();

export function action(overrides: Partial<PolicyAction> = {}): PolicyAction {
  return {
    actionId: 'act-1',
    actionType: 'mes.hold_lot',
    riskClass: 'transaction_execution',
    site: 'plant-a',
    line: 'line-1',
    product: 'PRD-100',
    proposedBy: 'agent:quality',
    proposedAt: PROPOSED_AT,
    expiresAt: '2025-06-03T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * A well-formed approving signature in the capacity of the first role given,
 * re-authenticated 30 s before signing, with a reason.
 */
export function signature(
  userId: string,
  roles: [Role, ...Role[]],
  minute: number,
  overrides: Partial<Approval> = {},
): Approval {
  const meaning: SignatureMeaning = overrides.meaning ?? 'APPROVAL';
  return {
    userId,
    role: roles[0],
    roles,
    sites: ['plant-a', 'plant-b'],
    approved: true,
    meaning,
    reason: `reviewed evidence (${meaning.toLowerCase()})`,
    signedAt: at(minute),
    reauthenticatedAt: new Date(minutesAfterProposal(minute).getTime() - 30_000).toISOString(),
    ...overrides,
  };
}
