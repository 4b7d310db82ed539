import { randomUUID } from 'node:crypto';
import type { Subscription } from '@andon/bus';
import { HeaderNames, ProposedAction, RiskClass, Topics, locationKey } from '@andon/contracts';
import { actionHash } from '@andon/governance/canonical';
import { waitFor } from '@andon/testing';
import { actionForHash } from '@andon/governance/policy';
import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { encodeProposal, proposal } from '../testing/proposals';

interface DeadLetter {
  actionId: string;
  reason: string;
  message: string;
}

describe('intake consumer on the bus', () => {
  let h: ApprovalHarness;
  let dlqSubscription: Subscription;
  const deadLetters: DeadLetter[] = [];

  beforeAll(async () => {
    // The module's IntakeConsumer runs on the harness's bus in this consumer group.
    h = await startApprovalHarness({ consumerGroup: 'approval-intake-test' });
    dlqSubscription = await h.bus.subscribe({
      groupId: 'test-dlq',
      topics: [Topics.DeadLetters],
      handler: async (value, ctx) => {
        let actionId = '(undecodable)';
        try {
          actionId = ProposedAction.decode(value).actionId;
        } catch {
          // the raw bytes are kept as they were; garbage stays garbage
        }
        deadLetters.push({
          actionId,
          reason: ctx.headers[HeaderNames.DlqReason] ?? '',
          message: ctx.headers[HeaderNames.DlqMessage] ?? '',
        });
      },
    });
  });
  afterAll(async () => {
    await dlqSubscription.close();
    await h.close();
  });

  const send = (bytes: Uint8Array, site = 'plant-a') =>
    h.bus.publish([
      {
        topic: Topics.ActionsProposed,
        key: locationKey({ site, line: 'line-2' }),
        value: bytes,
        headers: { [HeaderNames.EventId]: randomUUID() },
      },
    ]);

  it('stores a proposal once however often it is delivered', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await send(encodeProposal(action));
    await send(encodeProposal(action));
    const marker = proposal('post_shift_log', h.clock.now());
    await send(encodeProposal(marker));
    await waitFor(() => h.actions.get(marker.actionId), {
      description: 'marker stored after both deliveries',
    });

    const stored = await h.list.records(await h.principal('admin'), { limit: 500 });
    expect(stored.filter((r) => r._id === action.actionId)).toHaveLength(1);
    expect(stored.find((r) => r._id === action.actionId)?.state).toBe('pending');
  });

  it('dead-letters an action id reused with different content', async () => {
    const action = proposal('hold_lot', h.clock.now());
    await send(encodeProposal(action));
    await waitFor(() => h.actions.get(action.actionId), { description: 'original stored' });
    const tampered = { ...action, mesCall: { method: 'POST', path: '/lots/LOT-6/hold', payloadJson: '{}' } };
    await send(encodeProposal(tampered));
    const letter = await waitFor(() => deadLetters.find((d) => d.actionId === action.actionId), {
      description: 'reused id dead-lettered',
    });
    expect(letter.message).toMatch(/already received with hash/);
    expect((await h.actions.get(action.actionId))?.actionHash).toBe(actionHash(actionForHash(action)));
  });

  const invalid: Array<[string, (a: ProposedAction) => ProposedAction, RegExp]> = [
    ['unknown risk class', (a) => ({ ...a, riskClass: RiskClass.UNSPECIFIED }), /not a known risk class/],
    [
      'missing site',
      (a) => ({ ...a, location: { enterprise: 'acme', site: '', area: '', line: 'line-2', cell: '' } }),
      /location.site is required/,
    ],
    ['expiry in the past', (a) => ({ ...a, expiresAt: new Date(Date.now() - 60_000) }), /in the past/],
    ['missing MES call', (a) => ({ ...a, mesCall: undefined }), /mesCall is required/],
    [
      'payload that is not JSON',
      (a) => ({ ...a, mesCall: { method: 'POST', path: '/x', payloadJson: '{oops' } }),
      /not valid JSON/,
    ],
    ['missing generation metadata', (a) => ({ ...a, generation: undefined }), /generation is required/],
  ];

  it.each(invalid)('dead-letters a proposal with %s, without retrying', async (_name, mutate, expected) => {
    const action = mutate(proposal('hold_lot', h.clock.now()));
    await send(encodeProposal(action), action.location?.site || 'plant-a');
    const letter = await waitFor(() => deadLetters.find((d) => d.actionId === action.actionId), {
      description: 'dead letter',
    });
    expect(letter.reason).toBe('schema_invalid');
    expect(letter.message).toMatch(expected);
    expect(await h.actions.get(action.actionId)).toBeNull();
  });

  it('dead-letters bytes that are not a ProposedAction', async () => {
    const before = deadLetters.length;
    await send(Uint8Array.from([0xff, 0xff, 0xff, 0x0f, 0x01]));
    const letter = await waitFor(() => deadLetters.slice(before).find((d) => d.reason === 'decode_failed'), {
      description: 'garbage dead-lettered',
    });
    expect(letter.message).toMatch(/not a ProposedAction/);
  });
});
