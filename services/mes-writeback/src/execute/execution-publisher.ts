import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@andon/bus';
import {
  ContentTypes,
  ExecutionRecord,
  ExecutionStatus,
  HeaderNames,
  RefusalReason,
  Topics,
  locationKey,
  type Location,
} from '@andon/contracts';
import type { MesResponseData } from '../mes/mes.port';
import type { Refusal } from './decision-gate';
import type { RecordSource } from './parked-decision.repository';

export interface RecordSubject {
  actionId: string;
  decisionId: string;
  location: Location | undefined;
  correlationId: string;
}

/** One id per action: an action has at most one execution. */
export function executionIdOf(actionId: string): string {
  return `exe-${actionId}`;
}

/**
 * One id per refused delivery: the same record redelivered gets the same id (consumers
 * dedupe it), the same decision published again is a new attempt and is recorded again.
 */
export function refusalIdOf(decisionId: string, code: string, source: RecordSource): string {
  const digest = createHash('sha256')
    .update(`${decisionId}\n${code}\n${source.topic}\n${source.partition}\n${source.offset}`)
    .digest('hex');
  return `ref-${digest.slice(0, 32)}`;
}

export function executedRecord(subject: RecordSubject, response: MesResponseData, at: Date): ExecutionRecord {
  return base(subject, executionIdOf(subject.actionId), ExecutionStatus.EXECUTED, at, {
    mesResponse: { statusCode: response.statusCode, body: response.body, mesRecordId: response.recordId },
  });
}

export function failedRecord(
  subject: RecordSubject,
  error: string,
  response: MesResponseData | null,
  at: Date,
): ExecutionRecord {
  return base(subject, executionIdOf(subject.actionId), ExecutionStatus.FAILED, at, {
    detail: error,
    ...(response
      ? {
          mesResponse: {
            statusCode: response.statusCode,
            body: response.body,
            mesRecordId: response.recordId,
          },
        }
      : {}),
  });
}

/** The execution's approval ran out before the MES was called (found on a resume): the action's one execution, refused as EXPIRED. */
export function expiredRecord(subject: RecordSubject, message: string, at: Date): ExecutionRecord {
  return base(subject, executionIdOf(subject.actionId), ExecutionStatus.REFUSED, at, {
    refusalReason: RefusalReason.EXPIRED,
    detail: `EXPIRED: ${message}`,
  });
}

export function refusedRecord(
  subject: RecordSubject,
  refused: Refusal,
  source: RecordSource,
  at: Date,
): ExecutionRecord {
  return base(subject, refusalIdOf(subject.decisionId, refused.code, source), ExecutionStatus.REFUSED, at, {
    refusalReason: refused.reason,
    detail: refused.detail,
  });
}

/** The approved call does not fit the endpoint map: FAILED without an MES request, and without using the action's execution id. */
export function invalidCallRecord(
  subject: RecordSubject,
  message: string,
  source: RecordSource,
  at: Date,
): ExecutionRecord {
  return base(subject, refusalIdOf(subject.decisionId, 'INVALID_CALL', source), ExecutionStatus.FAILED, at, {
    detail: `call not sent: ${message}`,
  });
}

function base(
  subject: RecordSubject,
  executionId: string,
  status: ExecutionStatus,
  at: Date,
  extra: Partial<ExecutionRecord>,
): ExecutionRecord {
  return ExecutionRecord.fromPartial({
    executionId,
    actionId: subject.actionId,
    decisionId: subject.decisionId,
    status,
    refusalReason: RefusalReason.UNSPECIFIED,
    executedAt: at,
    location: subject.location,
    correlationId: subject.correlationId,
    ...extra,
  });
}

/** Publishes ExecutionRecords on andon.actions.executed.v1, keyed like every action topic (site/line). */
@Injectable()
export class ExecutionPublisher {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  async publish(record: ExecutionRecord): Promise<void> {
    await this.publishBytes(ExecutionRecord.encode(record).finish(), record);
  }

  async publishBytes(
    bytes: Uint8Array,
    record: ExecutionRecord = ExecutionRecord.decode(bytes),
  ): Promise<void> {
    await this.bus.publish([
      {
        topic: Topics.ActionsExecuted,
        key: keyOf(record),
        value: bytes,
        headers: {
          [HeaderNames.EventId]: record.executionId,
          [HeaderNames.EventType]: 'execution',
          [HeaderNames.ContentType]: ContentTypes.Protobuf,
          [HeaderNames.CorrelationId]: record.correlationId || record.actionId,
          [HeaderNames.CausationId]: record.decisionId,
          [HeaderNames.Site]: record.location?.site ?? '',
          [HeaderNames.ProducedBy]: 'mes-writeback',
        },
      },
    ]);
  }
}

// A forged decision may carry no location at all; its refusal must still be published.
function keyOf(record: ExecutionRecord): string {
  try {
    return locationKey(record.location);
  } catch {
    return record.actionId;
  }
}
