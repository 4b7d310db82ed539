import {
  ExecutionRecord,
  ExecutionStatus,
  LlmCallRecord,
  ProposedAction,
  Recommendation,
  RefusalReason,
  Topics,
} from '@andon/contracts';
import { entryFor, type SourceRecord } from './governed-events';
import { sourceKeyOf } from './ledger-recorder';

const at = { partition: 2, offset: '41', eventId: 'evt-1', correlationId: 'corr-h' };

function source(topic: SourceRecord['topic'], value: Uint8Array): SourceRecord {
  return { topic, value, ...at };
}

describe('entryFor', () => {
  it('files an action under its id, with site, correlation and the exact bytes hashed', () => {
    const bytes = ProposedAction.encode(
      ProposedAction.fromPartial({
        actionId: 'act-1',
        location: { site: 'plant-a', line: 'line-1' },
        correlationId: 'corr-1',
      }),
    ).finish();
    const fields = entryFor(source(Topics.ActionsProposed, bytes));
    expect(fields).toMatchObject({
      kind: 'action.proposed',
      subjectId: 'act-1',
      site: 'plant-a',
      correlationId: 'corr-1',
    });
    expect(fields.payload).toMatchObject({
      type: 'andon.v1.ProposedAction',
      source: { topic: Topics.ActionsProposed, partition: 2, offset: '41', eventId: 'evt-1' },
      bytesSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      message: { actionId: 'act-1', correlationId: 'corr-1' },
    });
  });

  it('tells refusals from executions on the executed topic', () => {
    const refused = ExecutionRecord.encode(
      ExecutionRecord.fromPartial({
        actionId: 'act-2',
        status: ExecutionStatus.REFUSED,
        refusalReason: RefusalReason.REPLAYED,
      }),
    ).finish();
    const executed = ExecutionRecord.encode(
      ExecutionRecord.fromPartial({ actionId: 'act-2', status: ExecutionStatus.EXECUTED }),
    ).finish();
    const failed = ExecutionRecord.encode(
      ExecutionRecord.fromPartial({ actionId: 'act-2', status: ExecutionStatus.FAILED }),
    ).finish();
    expect(entryFor(source(Topics.ActionsExecuted, refused)).kind).toBe('action.refused');
    expect(entryFor(source(Topics.ActionsExecuted, executed)).kind).toBe('action.executed');
    expect(entryFor(source(Topics.ActionsExecuted, failed)).kind).toBe('action.executed');
  });

  it('files LLM calls and recommendations under their own ids; the header fills a missing correlation id', () => {
    const call = LlmCallRecord.encode(
      LlmCallRecord.fromPartial({ callId: 'call-9', site: 'plant-b' }),
    ).finish();
    expect(entryFor(source(Topics.LlmCalls, call))).toMatchObject({
      kind: 'llm.call',
      subjectId: 'call-9',
      site: 'plant-b',
      correlationId: 'corr-h',
    });
    const rec = Recommendation.encode(Recommendation.fromPartial({ recommendationId: 'rec-3' })).finish();
    expect(entryFor(source(Topics.Recommendations, rec))).toMatchObject({
      kind: 'recommendation',
      subjectId: 'rec-3',
      site: '',
    });
  });

  it('keeps the injection findings of an LLM call (kind, field, offsets) where auditors look', () => {
    const call = LlmCallRecord.encode(
      LlmCallRecord.fromPartial({
        callId: 'call-10',
        site: 'plant-a',
        injectionFindings: [
          { category: 'approval-bypass', sourceField: 'input.operatorNotes.1', start: 12, end: 54 },
        ],
      }),
    ).finish();
    expect(entryFor(source(Topics.LlmCalls, call)).payload).toMatchObject({
      message: {
        injectionFindings: [
          { category: 'approval-bypass', sourceField: 'input.operatorNotes.1', start: 12, end: 54 },
        ],
      },
    });
  });

  it('refuses a record without a subject and one that does not decode', () => {
    expect(() => entryFor(source(Topics.ActionsDecided, new Uint8Array()))).toThrow('has no subject id');
    expect(() => entryFor(source(Topics.ActionsDecided, Uint8Array.from([0xff, 0xff, 0xff])))).toThrow();
  });
});

describe('sourceKeyOf', () => {
  it('prefers the event id, falls back to the record position, and bounds the length', () => {
    expect(sourceKeyOf({ topic: 't', partition: 1, offset: '7', eventId: 'e' })).toBe('t:e');
    expect(sourceKeyOf({ topic: 't', partition: 1, offset: '7', eventId: undefined })).toBe('t:1:7');
    expect(sourceKeyOf({ topic: 't', partition: 1, offset: '7', eventId: 'x'.repeat(600) })).toMatch(
      /^t:sha256:[0-9a-f]{64}$/,
    );
  });
});
