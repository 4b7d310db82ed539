import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, deadLetterReasonCode } from '@andon/contracts';
import { inSpanFrom, SpanKind, type Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { deadLetterMessage } from '../dead-letter/dead-letter-record';
import { IngestRejection, contractReasonOf, type RejectionReason } from '../normalise/rejection';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { INGEST_SETTINGS, httpGroupOf, type IngestSettings } from '../ingest.tokens';
import { IngestMetrics } from '../pipeline/ingest-metrics';
import { IngestPipeline } from '../pipeline/ingest-pipeline';
import { IngestTopics } from '../pipeline/ingest-topics';
import { splitBody, type HttpEventInput } from './http-body';

export interface HttpEventOutcome {
  index: number;
  /** `refused`: not this caller's to publish (site binding); not dead-lettered, so no replay can bring it in. */
  outcome: 'published' | 'deduped' | 'dead_lettered' | 'refused';
  eventId?: string;
  sourceEventId?: string;
  /** Ingest's reason (dead_lettered only). */
  reason?: RejectionReason;
  /** The contract DeadLetterReason code written to the DLQ. */
  dlqReason?: string;
  message?: string;
  /** Site codes published unmapped, `kind:code`. */
  unmapped?: string[];
}

export interface HttpIngestResponse {
  status: number;
  body: {
    requestId: string;
    accepted: number;
    deadLettered: number;
    results: HttpEventOutcome[];
    error?: string;
  };
}

// A request whose events were all refused for one of these reasons answers with the
// matching status; any other refusal is a 400.
const STATUS_BY_REASON: Partial<Record<RejectionReason, number>> = {
  oversized: 413,
  unsupported_content_type: 415,
};

interface HttpIngestOptions {
  bus: EventBus;
  pipeline: IngestPipeline;
  topics: IngestTopics;
  /** Consumer group written on dead letters of HTTP input (they have no topic position). */
  groupId: string;
  log: Logger;
  metrics: IngestMetrics;
}

/**
 * POST /ingest/v1/events: the same validation path as the raw topics, for systems that
 * cannot reach Kafka. Events of one request are processed in order. Refused events are
 * dead-lettered (original bytes, reason) before the response is sent, so the caller's
 * 4xx never means "lost"; 202 means every event was published or was a duplicate.
 */
@Injectable()
export class HttpIngestService {
  private readonly options: HttpIngestOptions;

  constructor(
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(IngestPipeline) pipeline: IngestPipeline,
    @Inject(IngestTopics) topics: IngestTopics,
    @Inject(INGEST_SETTINGS) settings: IngestSettings,
    @Inject(SERVICE_LOG) log: Logger,
    @Inject(IngestMetrics) metrics: IngestMetrics,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {
    this.options = { bus, pipeline, topics, groupId: httpGroupOf(settings), log, metrics };
  }

  async ingest(
    body: Uint8Array,
    contentType: string | undefined,
    client: string,
    traceParent?: string,
    allowedSites: readonly string[] = ['*'],
  ): Promise<HttpIngestResponse> {
    const requestId = randomUUID();
    const receivedAt = this.clock.now();
    const inputs = splitBody(body, contentType);
    const results: HttpEventOutcome[] = [];
    for (const [index, input] of inputs.entries()) {
      const headers: Record<string, string> = {
        [IngestHeaders.Origin]: 'http',
        [IngestHeaders.ReceivedAt]: receivedAt.toISOString(),
      };
      if (contentType) headers[HeaderNames.ContentType] = contentType.split(';')[0]?.trim() ?? contentType;
      // One ingest span per event, under the caller's traceparent; the event carries the span's on.
      const result = await inSpanFrom(
        'ingest http event',
        traceParent,
        {
          kind: SpanKind.SERVER,
          attributes: { 'andon.ingest.request_id': requestId, 'andon.ingest.index': index },
        },
        (carry) => {
          if (carry) headers[HeaderNames.TraceParent] = carry;
          return this.options.pipeline.process({
            value: input.value,
            headers,
            key: input.key,
            origin: { kind: 'http', requestId, index, receivedAt, allowedSites },
          });
        },
      );
      if (result.outcome === 'dead_lettered' && result.rejection.rejection === 'site_not_permitted') {
        this.options.log.warn(
          { requestId, index, client, detail: result.rejection.detail },
          "http ingest refused an event outside the token's sites",
        );
        results.push({
          index,
          outcome: 'refused',
          reason: result.rejection.rejection,
          message: result.rejection.message,
        });
      } else if (result.outcome === 'dead_lettered') {
        await this.deadLetter(input, headers, result.rejection, requestId, index, receivedAt);
        results.push({
          index,
          outcome: 'dead_lettered',
          reason: result.rejection.rejection,
          dlqReason: deadLetterReasonCode(contractReasonOf(result.rejection.rejection)),
          message: result.rejection.message,
          ...(result.rejection.sourceEventId ? { sourceEventId: result.rejection.sourceEventId } : {}),
        });
      } else if (result.outcome === 'published') {
        results.push({
          index,
          outcome: 'published',
          eventId: result.eventId,
          sourceEventId: result.sourceEventId,
          ...(result.unmapped.length > 0
            ? { unmapped: result.unmapped.map((u) => `${u.kind}:${u.code}`) }
            : {}),
        });
      } else {
        results.push({
          index,
          outcome: 'deduped',
          eventId: result.eventId,
          sourceEventId: result.sourceEventId,
        });
      }
    }
    const refused = results.filter((r) => r.outcome === 'dead_lettered');
    const forbidden = results.filter((r) => r.outcome === 'refused');
    this.options.log.info(
      { requestId, client, events: results.length, deadLettered: refused.length, refused: forbidden.length },
      'http ingest request',
    );
    return {
      status: forbidden.length > 0 ? 403 : refused.length === 0 ? 202 : statusFor(refused),
      body: {
        requestId,
        accepted: results.length - refused.length - forbidden.length,
        deadLettered: refused.length,
        results,
      },
    };
  }

  /**
   * A request refused before its body could be read (malformed JSON, too large): the
   * bytes that did arrive are dead-lettered as one record.
   */
  async refuseBody(
    bytes: Uint8Array,
    contentType: string | undefined,
    reason: RejectionReason,
    detail: string,
  ): Promise<HttpIngestResponse> {
    const requestId = randomUUID();
    const receivedAt = this.clock.now();
    const rejection = new IngestRejection(reason, detail);
    // Counted here: a body refused before it could be split never reaches the pipeline.
    this.options.metrics.onDeadLetter(reason);
    this.options.metrics.onOutcome('dead_lettered', 'unreadable');
    const headers: Record<string, string> = {
      [IngestHeaders.Origin]: 'http',
      [IngestHeaders.ReceivedAt]: receivedAt.toISOString(),
    };
    if (contentType)
      headers[HeaderNames.ContentType] = contentType.split(';')[0]?.trim() ?? ContentTypes.Json;
    await this.deadLetter(
      { value: bytes, key: null, source: undefined },
      headers,
      rejection,
      requestId,
      0,
      receivedAt,
    );
    const result: HttpEventOutcome = {
      index: 0,
      outcome: 'dead_lettered',
      reason,
      dlqReason: deadLetterReasonCode(contractReasonOf(reason)),
      message: rejection.message,
    };
    return {
      status: statusFor([result]),
      body: { requestId, accepted: 0, deadLettered: 1, results: [result] },
    };
  }

  private async deadLetter(
    input: HttpEventInput,
    headers: Record<string, string>,
    rejection: IngestRejection,
    requestId: string,
    index: number,
    failedAt: Date,
  ): Promise<void> {
    await this.options.bus.publish([
      deadLetterMessage({
        dlqTopic: this.options.topics.deadLetters,
        key: input.key,
        value: input.value,
        headers,
        reason: rejection.reason,
        message: rejection.message,
        errorName: rejection.name,
        // Replays go to the raw topic of the event's source, through the consumer's identical path.
        sourceTopic: this.options.topics.rawTopicOf(input.source),
        sourcePartition: -1,
        sourceOffset: '-1',
        consumerGroup: this.options.groupId,
        failedAt,
        attempts: 1,
        extraHeaders: { [IngestHeaders.DlqId]: `${requestId}-${index}` },
      }),
    ]);
  }
}

function statusFor(refused: readonly HttpEventOutcome[]): number {
  const statuses = new Set(refused.map((r) => (r.reason && STATUS_BY_REASON[r.reason]) ?? 400));
  return statuses.size === 1 ? ([...statuses][0] ?? 400) : 400;
}
