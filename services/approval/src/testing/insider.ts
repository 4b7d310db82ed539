import type { ActionRecord, StoredSignature } from '../domain/action-record';
import { ACTIONS_COLLECTION } from '../domain/action.repository';
import type { ApprovalHarness } from './approval-harness';

/**
 * What an insider with database credentials (or a compromised pod sharing them) can do:
 * write any field of an action record directly, bypassing approval's code.
 */
export async function tamperWithRecord(
  h: ApprovalHarness,
  actionId: string,
  patch: Partial<Omit<ActionRecord, '_id' | 'version'>>,
): Promise<void> {
  const actions = await h.store.collection<ActionRecord>(ACTIONS_COLLECTION);
  const current = await actions.get(actionId);
  if (!current) throw new Error(`no action ${actionId} to tamper with`);
  const written = await actions.compareAndSet(actionId, current.version, patch);
  if (!written) throw new Error(`could not tamper with ${actionId}`);
}

/** A signature record that looks like approval's own, minus the seal only approval can make. */
export function forgedSignature(
  userId: string,
  role: StoredSignature['role'],
  at: Date,
  seal?: string,
): StoredSignature {
  return {
    userId,
    name: `Forged ${userId}`,
    role,
    roles: [role],
    sites: ['plant-a'],
    approved: true,
    meaning: 'APPROVAL',
    reason: 'looks fine',
    signedAt: at.toISOString(),
    reauthenticatedAt: at.toISOString(),
    reauthMethod: 'password',
    ...(seal !== undefined ? { seal } : {}),
  };
}

/** The integrity-violation counter of the harness's metrics, by finding. */
export async function violations(h: ApprovalHarness, finding: string): Promise<number> {
  const text = await h.metrics.registry.getSingleMetricAsString('andon_approval_integrity_violations_total');
  const match = new RegExp(`finding="${finding}"[^}]*\\} (\\d+)`).exec(text);
  return match ? Number(match[1]) : 0;
}
