import {
  EvidenceKind,
  RecommendationKind,
  RiskClass,
  type PlantEvent,
  type ProposedAction,
} from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import {
  stepCompleted,
  startComplianceAgent,
  type RunningComplianceAgent,
} from './test-support/compliance-fixtures';
import { publishPlantEvents } from '@andon/agent-kit/testing';

const payloadOf = (a: ProposedAction | undefined): Record<string, unknown> =>
  JSON.parse(a?.mesCall?.payloadJson ?? '{}') as Record<string, unknown>;

describe('compliance agent on the in-process bus and SQLite', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningComplianceAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startComplianceAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  const publish = (...events: PlantEvent[]) =>
    publishPlantEvents(adapters.bus, agent.topics.plantEvents, events);
  const actionsOf = (eventId: string) => agent.recorder.actions.filter((a) => a.causationId === eventId);
  const recommendationsOf = (eventId: string) =>
    agent.recorder.recommendations.filter((r) => r.correlationId === `corr-${eventId}`);
  // A step of a document outside the sequence under test that is certain to be flagged (step 99 does not exist).
  const sentinel = (eventId: string) =>
    stepCompleted(eventId, { stepNumber: 99, workOrderId: 'WO-SENTINEL' }, 500);
  const untilSentinel = (eventId: string) =>
    waitFor(() => recommendationsOf(eventId).length === 1, {
      timeoutMs: 10_000,
      description: `the sentinel ${eventId}`,
    });

  it('flags a step completed against the obsolete revision, citing the event and the approved revision', async () => {
    await publish(stepCompleted('old-rev', { revision: 'A', stepNumber: 1 }, 0));
    await waitFor(() => recommendationsOf('old-rev').length === 1, {
      timeoutMs: 10_000,
      description: 'the deviation',
    });

    const [flag] = actionsOf('old-rev');
    expect(actionsOf('old-rev')).toHaveLength(1);
    expect(flag).toMatchObject({
      actionType: 'mes.raise_compliance_flag',
      riskClass: RiskClass.DECISION_SUPPORT,
      proposedBy: 'compliance-agent',
      location: { site: 'plant-a', line: 'line-1' },
      mesCall: { method: 'POST', path: '/shift-log' },
    });
    expect(Object.keys(payloadOf(flag))).toEqual(['actionId', 'site', 'line', 'text']);
    expect(payloadOf(flag)).toMatchObject({ actionId: flag?.actionId, site: 'plant-a', line: 'line-1' });
    expect(String(payloadOf(flag)['text'])).toContain(
      'revision A (obsolete); the approved revision in force is B',
    );
    expect(flag?.evidence[0]).toMatchObject({ kind: EvidenceKind.EVENT, id: 'old-rev' });
    expect(flag?.evidence[1]).toMatchObject({
      kind: EvidenceKind.DOCUMENT,
      id: 'WI-A-007',
      revision: 'B',
      chunk: 'step-1',
    });
    expect(flag?.expiresAt?.getTime()).toBe((flag?.proposedAt?.getTime() ?? 0) + 2 * 24 * 3_600_000);
    const [rec] = recommendationsOf('old-rev');
    expect(rec?.kind).toBe(RecommendationKind.PROCEDURE_DEVIATION);
    expect(rec?.relatedActionIds).toEqual([flag?.actionId]);
    expect(rec?.generation?.deterministicFallback).toBe(true);
  });

  it('flags an obsolete revision once per work order, citing the revision used as well', async () => {
    await publish(
      stepCompleted('o1', { revision: 'A', stepNumber: 1, workOrderId: 'WO-7' }, 0),
      stepCompleted('o2', { revision: 'A', stepNumber: 2, workOrderId: 'WO-7' }, 1),
      sentinel('sentinel'),
    );
    await untilSentinel('sentinel');
    expect(agent.recorder.actions.map((a) => a.causationId)).toEqual(['o1', 'sentinel']);
    expect(
      actionsOf('o1')[0]
        ?.evidence.filter((e) => e.kind === EvidenceKind.DOCUMENT)
        .map((e) => e.revision),
    ).toEqual(['B', 'B', 'A']);
  });

  it('flags a draft revision that is not yet in force', async () => {
    await publish(stepCompleted('draft', { documentId: 'SOP-A-030', revision: 'A', stepNumber: 1 }, 0));
    await waitFor(() => actionsOf('draft').length === 1, { timeoutMs: 10_000, description: 'the flag' });
    expect(actionsOf('draft')[0]?.rationale).toContain(
      'revision A (draft); SOP-A-030 has no approved revision in force',
    );
  });

  it('flags a skipped step once, and a step completed out of order', async () => {
    await publish(
      stepCompleted('s1', { stepNumber: 1 }, 0),
      stepCompleted('s2', { stepNumber: 2 }, 1),
      stepCompleted('s5', { stepNumber: 5 }, 2),
      stepCompleted('s6', { stepNumber: 6 }, 3),
      stepCompleted('s3', { stepNumber: 3 }, 4),
      sentinel('sentinel'),
    );
    await untilSentinel('sentinel');
    await waitFor(() => recommendationsOf('s3').length === 1, {
      timeoutMs: 5_000,
      description: 'the out-of-order flag',
    });

    expect(actionsOf('s1')).toEqual([]);
    expect(actionsOf('s2')).toEqual([]);
    expect(actionsOf('s6')).toEqual([]);
    const [skip] = actionsOf('s5');
    expect(actionsOf('s5')).toHaveLength(1);
    expect(skip?.rationale).toContain('steps 3, 4 not recorded as completed');
    expect(skip?.evidence.filter((e) => e.kind === EvidenceKind.DOCUMENT).map((e) => e.chunk)).toEqual([
      'step-3',
      'step-3',
      'step-4',
    ]);
    const [late] = actionsOf('s3');
    expect(late?.rationale).toContain('Step 3 of WI-A-007 was completed after step 6 in work order WO-1');
  });

  it('flags a step number the approved revision does not have', async () => {
    await publish(stepCompleted('s1', { stepNumber: 1 }, 0), stepCompleted('s11', { stepNumber: 11 }, 1));
    await waitFor(() => actionsOf('s11').length === 1, { timeoutMs: 10_000, description: 'the flag' });
    expect(actionsOf('s11')[0]?.rationale).toContain(
      'Step 11 does not exist in WI-A-007 revision B, which has 10 steps',
    );
    expect(actionsOf('s1')).toEqual([]);
  });

  it('produces nothing for a compliant sequence, nor for steps of another work order interleaved with it', async () => {
    const steps = Array.from({ length: 10 }, (_, i) => [
      stepCompleted(`a${i + 1}`, { stepNumber: i + 1 }, 2 * i),
      stepCompleted(`b${i + 1}`, { stepNumber: i + 1, workOrderId: 'WO-2' }, 2 * i + 1),
    ]).flat();
    await publish(...steps, sentinel('sentinel'));
    await untilSentinel('sentinel');
    expect(agent.recorder.actions.map((a) => a.causationId)).toEqual(['sentinel']);
    expect(agent.recorder.recommendations).toHaveLength(1);
  });
});
