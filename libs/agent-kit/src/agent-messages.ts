import { NonRetryableError, type OutgoingMessage } from '@andon/bus';
import {
  ContentTypes,
  HeaderNames,
  Location,
  ProposedAction,
  Recommendation,
  RiskClass,
  locationKey,
  type EvidenceRef,
  type GenerationInfo,
  type RecommendationKind,
} from '@andon/contracts';
import { IntentRenderError, type IntentRenderer, type MesIntent } from '@andon/mes-endpoints';
import type { DecodedPlantEvent } from './plant-event.decoder';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ActionDraft {
  actionId: string;
  /**
   * What the MES should do, typed; its type is the action type. The site's endpoint map
   * (config/mes-endpoints) alone renders it into the MES call approval signs.
   */
  intent: MesIntent;
  riskClass: RiskClass;
  product: string;
  title: string;
  rationale: string;
  recommendedSteps: string[];
  evidence: EvidenceRef[];
  confidence: number;
  generation: GenerationInfo;
  ttlMs: number;
}

export interface RecommendationDraft {
  recommendationId: string;
  kind: RecommendationKind;
  title: string;
  bodyMarkdown: string;
  data: { [key: string]: Json };
  citations: EvidenceRef[];
  generation: GenerationInfo;
  relatedActionIds: string[];
  /** The typed form of `data` for kinds that have a message (andon.v1.Recommendation.typed_data). */
  typedData?: Recommendation['typedData'];
}

/** Builds the agent's outputs for one triggering event: same location, correlation and causation for all. */
export class AgentMessages {
  constructor(
    private readonly producedBy: string,
    private readonly topics: { actionsProposed: string; recommendations: string },
    private readonly now: () => Date,
    private readonly endpoints: IntentRenderer,
  ) {}

  action(
    trigger: DecodedPlantEvent,
    draft: ActionDraft,
  ): { action: ProposedAction; message: OutgoingMessage } {
    const proposedAt = this.now();
    const action = ProposedAction.fromPartial({
      actionId: draft.actionId,
      actionType: draft.intent.type,
      riskClass: draft.riskClass,
      location: locationOf(trigger),
      product: draft.product,
      proposedBy: this.producedBy,
      proposedAt,
      expiresAt: new Date(proposedAt.getTime() + draft.ttlMs),
      mesCall: this.render(trigger.site, draft),
      title: draft.title,
      rationale: draft.rationale,
      recommendedSteps: draft.recommendedSteps,
      evidence: draft.evidence,
      confidence: draft.confidence,
      generation: draft.generation,
      correlationId: trigger.correlationId,
      causationId: trigger.eventId,
      triggerOccurredAt: trigger.occurredAt,
    });
    return {
      action,
      message: this.message(
        this.topics.actionsProposed,
        trigger,
        draft.actionId,
        'proposed_action',
        ProposedAction.encode(action).finish(),
      ),
    };
  }

  recommendation(
    trigger: DecodedPlantEvent,
    draft: RecommendationDraft,
  ): { recommendation: Recommendation; message: OutgoingMessage } {
    const recommendation = Recommendation.fromPartial({
      recommendationId: draft.recommendationId,
      kind: draft.kind,
      location: locationOf(trigger),
      title: draft.title,
      bodyMarkdown: draft.bodyMarkdown,
      dataJson: JSON.stringify(draft.data),
      citations: draft.citations,
      generation: draft.generation,
      createdAt: this.now(),
      producedBy: this.producedBy,
      correlationId: trigger.correlationId,
      relatedActionIds: draft.relatedActionIds,
      triggerOccurredAt: trigger.occurredAt,
      ...(draft.typedData ? { typedData: draft.typedData } : {}),
    });
    return {
      recommendation,
      message: this.message(
        this.topics.recommendations,
        trigger,
        draft.recommendationId,
        'recommendation',
        Recommendation.encode(recommendation).finish(),
      ),
    };
  }

  // Serialised once, in key order, because approval signs the exact bytes. A site without a
  // mapping for the intent will not have one on a redelivery either: dead-lettered at once.
  private render(site: string, draft: ActionDraft): { method: string; path: string; payloadJson: string } {
    try {
      return this.endpoints.render(site, draft.actionId, draft.intent);
    } catch (err) {
      if (err instanceof IntentRenderError)
        throw new NonRetryableError(err.message, { reason: 'schema_invalid', cause: err });
      throw err;
    }
  }

  private message(
    topic: string,
    trigger: DecodedPlantEvent,
    id: string,
    eventType: string,
    value: Uint8Array,
  ): OutgoingMessage {
    return {
      topic,
      key: locationKey({ site: trigger.site, line: trigger.line }),
      value,
      headers: {
        [HeaderNames.EventId]: id,
        [HeaderNames.EventType]: eventType,
        [HeaderNames.CorrelationId]: trigger.correlationId,
        [HeaderNames.CausationId]: trigger.eventId,
        [HeaderNames.ContentType]: ContentTypes.Protobuf,
        [HeaderNames.SchemaVersion]: '1',
        [HeaderNames.Site]: trigger.site,
        [HeaderNames.ProducedBy]: this.producedBy,
      },
    };
  }
}

function locationOf(trigger: DecodedPlantEvent): Location {
  return Location.fromPartial({
    enterprise: trigger.enterprise,
    site: trigger.site,
    area: trigger.area,
    line: trigger.line,
    cell: trigger.event.envelope?.location?.cell ?? '',
  });
}
