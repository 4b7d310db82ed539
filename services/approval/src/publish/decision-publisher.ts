import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@andon/bus';
import { ContentTypes, Decision, HeaderNames, Topics, locationKey } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG } from '@andon/service-kit';
import type { ActionRecord } from '../domain/action-record';
import { ActionRepository } from '../domain/action.repository';
import { ApprovalMetrics } from '../domain/approval-metrics';

/**
 * The outbox's sending half. A decision is stored (`published: false`) in the same
 * conditional update that decides the action; only then is it sent, and only after the
 * bus accepted it is it marked published. A crash in between leaves it unpublished and
 * `flush()` (on start and on every sweep) sends it again: consumers dedupe by decision id.
 */
@Injectable()
export class DecisionPublisher {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(ApprovalMetrics) private readonly metrics: ApprovalMetrics,
    @Inject(SERVICE_LOG) private readonly log: Logger,
  ) {}

  /** true when the decision is on the bus; false leaves it for the next flush. */
  async publish(record: ActionRecord): Promise<boolean> {
    const stored = record.decision;
    if (!stored || record.published !== false) return record.published === true;
    const bytes = Buffer.from(stored.protoBase64, 'base64');
    const decision = Decision.decode(bytes);
    try {
      await this.bus.publish([
        {
          topic: Topics.ActionsDecided,
          key: locationKey(decision.location),
          value: bytes,
          headers: {
            [HeaderNames.EventId]: stored.decisionId,
            [HeaderNames.EventType]: 'decision',
            [HeaderNames.ContentType]: ContentTypes.Protobuf,
            [HeaderNames.CorrelationId]: decision.correlationId || record._id,
            [HeaderNames.CausationId]: record._id,
            [HeaderNames.Site]: record.site,
            [HeaderNames.ProducedBy]: 'approval',
            ...(record.traceParent ? { [HeaderNames.TraceParent]: record.traceParent } : {}),
          },
        },
      ]);
    } catch (err) {
      this.metrics.publishFailed();
      this.log.warn(
        { err, actionId: record._id, decisionId: stored.decisionId },
        'decision publish failed; kept in the outbox for the next flush',
      );
      return false;
    }
    // Losing this race only means another publisher marked it first.
    await this.actions.markPublished(record);
    this.log.info(
      { actionId: record._id, decisionId: stored.decisionId, outcome: stored.outcome },
      'decision published',
    );
    return true;
  }

  /** Sends every stored-but-unpublished decision; returns how many went out. */
  async flush(limit = 200): Promise<number> {
    let sent = 0;
    for (const record of await this.actions.unpublished(limit)) {
      if (await this.publish(record)) sent++;
    }
    return sent;
  }
}
