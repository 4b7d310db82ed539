import { Decision, DecisionOutcome } from '@andon/contracts';
import { roiReport, type RoiEntry } from './roi-report';

const baseline = { name: 'test-baseline', minutesPerOutput: { NCR_TRIAGE: 45, SHIFT_HANDOFF: 30 } };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 8, minute)).toISOString();

describe('roiReport', () => {
  it('counts outputs against the named baseline and times decisions from the ledger', () => {
    const entries: RoiEntry[] = [
      {
        kind: 'recommendation',
        subjectId: 'r1',
        at: at(0),
        payload: { message: { kind: 'RECOMMENDATION_KIND_NCR_TRIAGE' } },
      },
      {
        kind: 'recommendation',
        subjectId: 'r2',
        at: at(1),
        payload: { message: { kind: 'RECOMMENDATION_KIND_NCR_TRIAGE' } },
      },
      {
        kind: 'recommendation',
        subjectId: 'r3',
        at: at(2),
        payload: { message: { kind: 'RECOMMENDATION_KIND_SHIFT_HANDOFF' } },
      },
      { kind: 'action.proposed', subjectId: 'a1', at: at(0), payload: { message: {} } },
      { kind: 'action.decided', subjectId: 'a1', at: at(10), payload: { message: {} } },
      { kind: 'action.proposed', subjectId: 'a2', at: at(0), payload: { message: {} } },
      { kind: 'action.decided', subjectId: 'a2', at: at(30), payload: { message: {} } },
      { kind: 'action.executed', subjectId: 'a1', at: at(11), payload: { message: {} } },
      { kind: 'action.refused', subjectId: 'a3', at: at(12), payload: { message: {} } },
      {
        kind: 'llm.call',
        subjectId: 'c1',
        at: at(0),
        payload: {
          message: {
            useCase: 'ncr-triage',
            inputTokens: 1200,
            outputTokens: 300,
            costUsd: 0.0021,
            provider: 'openai',
          },
        },
      },
      {
        kind: 'llm.call',
        subjectId: 'c2',
        at: at(0),
        payload: { message: { useCase: 'ncr-triage', provider: 'deterministic' } },
      },
    ];
    const report = roiReport(entries, baseline);
    expect(report.hoursSaved).toEqual([
      { useCase: 'NCR_TRIAGE', outputs: 2, minutesEach: 45, hours: 1.5 },
      { useCase: 'SHIFT_HANDOFF', outputs: 1, minutesEach: 30, hours: 0.5 },
    ]);
    expect(report.timeToDecisionMinutes).toBe(20);
    expect(report.decided).toBe(2);
    expect(report.executed).toBe(1);
    expect(report.refused).toBe(1);
    expect(report.tokens).toEqual([{ useCase: 'ncr-triage', tokens: 1500, calls: 2, deterministic: 1 }]);
    expect(report.costUsd).toBe(0.0021);
    expect(report.method).toContain('test-baseline');
  });

  it('reports what people did with the proposals, per action type, with acceptance over human decisions only', () => {
    const proposed = (id: string, actionType: string): RoiEntry => ({
      kind: 'action.proposed',
      subjectId: id,
      at: at(0),
      payload: { message: { actionType } },
    });
    // The ledger's form of a decision: the proto's JSON (which leaves approved: false out).
    const decided = (
      id: string,
      outcome: DecisionOutcome,
      signatures: Array<{ userId: string; approved: boolean }> = [],
    ): RoiEntry => ({
      kind: 'action.decided',
      subjectId: id,
      at: at(5),
      payload: { message: Decision.toJSON(Decision.fromPartial({ actionId: id, outcome, signatures })) },
    });
    const report = roiReport(
      [
        proposed('h1', 'mes.hold_lot'),
        proposed('h2', 'mes.hold_lot'),
        proposed('h3', 'mes.hold_lot'),
        proposed('h4', 'mes.hold_lot'),
        proposed('h5', 'mes.hold_lot'),
        decided('h1', DecisionOutcome.APPROVED),
        decided('h2', DecisionOutcome.APPROVED),
        decided('h3', DecisionOutcome.REJECTED, [
          { userId: 'qe.anna', approved: true },
          { userId: 'sup.ben', approved: false },
        ]),
        // rejected at intake because no rule matched: not a person's rejection
        proposed('u1', 'mes.unknown_action'),
        decided('u1', DecisionOutcome.REJECTED),
        decided('h4', DecisionOutcome.EXPIRED),
        proposed('n1', 'mes.publish_shift_note'),
        decided('n1', DecisionOutcome.AUTO_APPROVED),
        // a decision whose proposal lies outside the range read is not counted
        decided('x9', DecisionOutcome.REJECTED),
      ],
      baseline,
    );
    expect(report.outcomes).toEqual([
      {
        actionType: 'mes.hold_lot',
        proposed: 5,
        approved: 2,
        rejected: 1,
        rejectedByPolicy: 0,
        expired: 1,
        autoApproved: 0,
        open: 1,
        acceptanceRate: 0.667,
      },
      {
        actionType: 'mes.publish_shift_note',
        proposed: 1,
        approved: 0,
        rejected: 0,
        rejectedByPolicy: 0,
        expired: 0,
        autoApproved: 1,
        open: 0,
        acceptanceRate: null,
      },
      {
        actionType: 'mes.unknown_action',
        proposed: 1,
        approved: 0,
        rejected: 0,
        rejectedByPolicy: 1,
        expired: 0,
        autoApproved: 0,
        open: 0,
        acceptanceRate: null,
      },
    ]);
  });

  it('claims no savings for outputs the baseline does not price, and no decision time without decisions', () => {
    const report = roiReport(
      [
        {
          kind: 'recommendation',
          subjectId: 'r',
          at: at(0),
          payload: { message: { kind: 'RECOMMENDATION_KIND_ROOT_CAUSE' } },
        },
      ],
      baseline,
    );
    expect(report.hoursSaved).toEqual([{ useCase: 'ROOT_CAUSE', outputs: 1, minutesEach: 0, hours: 0 }]);
    expect(report.timeToDecisionMinutes).toBeNull();
  });

  it("times a decision from the events' own times, whichever was recorded first", () => {
    const report = roiReport(
      [
        { kind: 'action.decided', subjectId: 'a1', at: at(1), payload: { message: { decidedAt: at(25) } } },
        { kind: 'action.proposed', subjectId: 'a1', at: at(2), payload: { message: { proposedAt: at(5) } } },
      ],
      baseline,
    );
    expect(report.decided).toBe(1);
    expect(report.timeToDecisionMinutes).toBe(20);
  });

  it('times each output from its triggering plant event (time to triage, time to proposal)', () => {
    const report = roiReport(
      [
        {
          kind: 'recommendation',
          subjectId: 'r1',
          at: at(9),
          payload: {
            message: { kind: 'RECOMMENDATION_KIND_NCR_TRIAGE', triggerOccurredAt: at(0), createdAt: at(2) },
          },
        },
        {
          kind: 'recommendation',
          subjectId: 'r2',
          at: at(9),
          payload: {
            message: { kind: 'RECOMMENDATION_KIND_NCR_TRIAGE', triggerOccurredAt: at(10), createdAt: at(14) },
          },
        },
        {
          kind: 'recommendation',
          subjectId: 'r3',
          at: at(9),
          payload: {
            message: { kind: 'RECOMMENDATION_KIND_NCR_TRIAGE', triggerOccurredAt: at(20), createdAt: at(23) },
          },
        },
        {
          kind: 'action.proposed',
          subjectId: 'a1',
          at: at(9),
          payload: { message: { actionType: 'mes.hold_lot', triggerOccurredAt: at(0), proposedAt: at(1) } },
        },
        // Older entries without a trigger time are not guessed at.
        {
          kind: 'action.proposed',
          subjectId: 'a2',
          at: at(9),
          payload: { message: { actionType: 'mes.hold_lot', proposedAt: at(1) } },
        },
      ],
      baseline,
    );
    expect(report.timeToOutput).toEqual([
      { output: 'NCR_TRIAGE', outputs: 3, medianMinutes: 3 },
      { output: 'action:mes.hold_lot', outputs: 1, medianMinutes: 1 },
    ]);
  });
});
