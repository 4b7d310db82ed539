import { startApprovalHarness, type ApprovalHarness } from '../testing/approval-harness';
import { encodeProposal, proposal } from '../testing/proposals';

// What the approver is shown must be what the MES receives. A payload that two JSON
// readers read differently (duplicate keys, integers beyond 2^53) is refused at intake with
// a reason naming the field, and never stored for signing.
describe('intake refuses MES payloads that read differently to different readers', () => {
  let h: ApprovalHarness;
  beforeAll(async () => (h = await startApprovalHarness()));
  afterAll(() => h.close());

  it.each([
    [
      'a duplicate key',
      '{"lotId":"LOT-A1-00001","lotId":"LOT-A1-99999","reason":"NCR-88"}',
      /lotId: the key appears twice/,
    ],
    [
      'an integer beyond 2^53',
      '{"lotNumber":90071992547409931,"reason":"NCR-88"}',
      /lotNumber: integer 90071992547409931 is beyond 2\^53/,
    ],
  ])('refuses %s with a reason naming the field', async (_name, payloadJson, reason) => {
    const action = proposal('hold_lot', h.clock.now());
    action.mesCall = { method: 'POST', path: '/lots/LOT-A1-00001/hold', payloadJson };
    const refused = h.intake.handle(encodeProposal(action), h.log);
    await expect(refused).rejects.toThrow(reason);
    expect(await h.actions.get(action.actionId)).toBeNull();
  });

  it('stores the same action with an unambiguous payload', async () => {
    const action = proposal('hold_lot', h.clock.now());
    action.mesCall = {
      method: 'POST',
      path: '/lots/LOT-A1-00001/hold',
      payloadJson: '{"lotId":"LOT-A1-00001","lotNumber":"90071992547409931"}',
    };
    expect((await h.intake.handle(encodeProposal(action), h.log)).outcome).toBe('stored');
  });
});
