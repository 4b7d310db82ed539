import { verify } from 'node:crypto';
import { ShiftAcknowledgement, SignatureMeaning, Topics } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { startApprovalHarness, DEMO_PASSWORD, type ApprovalHarness } from '../testing/approval-harness';
import { failure } from '../testing/signing-helpers';
import { acknowledgementSigningBytes, type AcknowledgeShiftInput } from './acknowledge-shift.service';

const HASH = 'a'.repeat(64);
const input = (overrides: Partial<AcknowledgeShiftInput> = {}): AcknowledgeShiftInput => ({
  site: 'plant-a',
  line: 'line-1',
  shiftId: 'plant-a-2026-12-06-A',
  contentHash: HASH,
  reason: 'shift taken over',
  password: DEMO_PASSWORD,
  ...overrides,
});

describe('shift acknowledgement: the incoming supervisor signs what changed (meaning review)', () => {
  let h: ApprovalHarness;
  const seen: ShiftAcknowledgement[] = [];
  const decided: unknown[] = [];

  beforeAll(async () => {
    h = await startApprovalHarness();
    await h.bus.ensureTopics([{ name: Topics.ShiftAcknowledged, partitions: 3 }]);
    await h.bus.subscribe({
      groupId: 'ack-test',
      topics: [Topics.ShiftAcknowledged],
      handler: async (value) => void seen.push(ShiftAcknowledgement.decode(value)),
    });
    await h.bus.subscribe({
      groupId: 'ack-test-decided',
      topics: [Topics.ActionsDecided],
      handler: async (value) => void decided.push(value),
    });
  });
  afterAll(() => h.close());

  it('publishes a re-authenticated, service-signed acknowledgement on its own topic and no decision', async () => {
    const ack = await h.acknowledge.acknowledge(await h.principal('sup.ben'), input());
    expect(ack).toMatchObject({
      userId: 'sup.ben',
      printedName: 'Ben Sutter',
      role: 'production_supervisor',
      meaning: 'REVIEW',
      reauthMethod: 'password',
      contentHash: HASH,
    });
    const message = await waitFor(() => seen.find((m) => m.acknowledgementId === ack.acknowledgementId), {
      description: 'acknowledgement on the bus',
    });
    expect(message.signature).toMatchObject({
      userId: 'sup.ben',
      meaning: SignatureMeaning.REVIEW,
      approved: true,
    });
    expect(message.location).toMatchObject({ site: 'plant-a', line: 'line-1' });
    const signature = Buffer.from(message.serviceSignature, 'base64url');
    expect(
      verify(null, Buffer.from(acknowledgementSigningBytes(ack)), h.signingKey.publicKey, signature),
    ).toBe(true);
    expect(
      verify(
        null,
        Buffer.from(acknowledgementSigningBytes({ ...ack, contentHash: 'b'.repeat(64) })),
        h.signingKey.publicKey,
        signature,
      ),
    ).toBe(false);
    // Not an MES action: nothing goes to andon.actions.decided.v1, which mes-writeback reads.
    expect(decided).toEqual([]);
  });

  it('refuses another site, another line, a role that does not take over shifts, and a wrong password', async () => {
    expect(await failure(h.acknowledge.acknowledge(await h.principal('sup.dan'), input()))).toMatchObject({
      status: 403,
      code: 'SITE_OUT_OF_SCOPE',
    });
    expect(
      await failure(h.acknowledge.acknowledge(await h.principal('sup.ines'), input({ line: 'line-2' }))),
    ).toMatchObject({ status: 403, code: 'LINE_OUT_OF_SCOPE' });
    expect(await failure(h.acknowledge.acknowledge(await h.principal('qe.anna'), input()))).toMatchObject({
      status: 403,
      code: 'ROLE_NOT_PERMITTED',
    });
    expect(
      await failure(
        h.acknowledge.acknowledge(await h.principal('sup.ben'), input({ password: 'not-the-password' })),
      ),
    ).toMatchObject({ status: 401 });
    expect(
      await failure(h.acknowledge.acknowledge(await h.principal('sup.ben'), input({ password: '' }))),
    ).toMatchObject({ status: 401, code: 'REAUTH_REQUIRED' });
    expect(seen.filter((m) => m.signature?.userId !== 'sup.ben')).toEqual([]);
  });
});
