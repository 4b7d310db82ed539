import { must } from '../../test-support/must';
import type { DecisionForSigning } from '../decision';
import { generateSigningKeyPair } from '../ed25519-keys';
import { signDecision } from '../sign-decision';
import { verifyDecision } from '../verify-decision';
import { approvedDecision } from './decision-fixtures';

describe('scenario: the signed decision was edited', () => {
  const keys = generateSigningKeyPair();
  const trusted = new Map([[keys.keyId, keys.publicKey]]);
  const signature = signDecision(approvedDecision(), keys.privateKey);

  const edits: Array<[string, (d: DecisionForSigning) => void]> = [
    ['outcome', (d) => (d.outcome = 'auto_approved')],
    ['expiry extended', (d) => (d.expiresAt = '2025-06-03T18:00:00.000Z')],
    ['action hash swapped', (d) => (d.actionHash = '0'.repeat(64))],
    ['policy version', (d) => (d.policy.version = 'v2')],
    ['approver removed', (d) => d.approverSignatures.pop()],
    ['approver meaning', (d) => (must(d.approverSignatures[1]).meaning = 'APPROVAL')],
    ['approver reason', (d) => (must(d.approverSignatures[0]).reason = 'ok')],
    ['approval flipped', (d) => (must(d.approverSignatures[0]).approved = false)],
    ['signing role', (d) => (must(d.approverSignatures[0]).role = 'admin')],
    ['printed name', (d) => (must(d.approverSignatures[0]).printedName = 'Someone Else')],
    ['re-auth time', (d) => (must(d.approverSignatures[0]).reauthenticatedAt = null)],
    ['decision id', (d) => (d.decisionId = 'dec-other')],
  ];

  it.each(edits)('refuses it when the %s changes', (_what, edit) => {
    const edited = approvedDecision();
    edit(edited);
    expect(verifyDecision(edited, signature, trusted)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });
});
