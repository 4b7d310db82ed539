import type { OutgoingMessage } from '@andon/bus';
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
import type { DecodedPlantEvent } from './plant-event.decoder';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ActionDraft {
  actionId: string;
  actionType: string;
  riskClass: RiskClass;
  product: string;
  title: string;
  rationale: string;
  recommendedSteps: string[];
  evidence: EvidenceRef[];
  confidence: number;
  generation: GenerationInfo;
  /** HTTP method and path relative to the site's MES base URL (mes-sim: /mes/v1). */
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  /** Serialised once, in key order, because approval signs the exact bytes. */
  payload: { [key: string]: Json };
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
  ) {}

  action(trigger: DecodedPlantEvent, draft: ActionDraft): { action: ProposedAction; message: OutgoingMessage } {
    const proposedAt = this.now();
    const action = ProposedAction.fromPartial({
      actionId: draft.actionId,
      actionType: draft.actionType,
      riskClass: draft.riskClass,
      location: locationOf(trigger),
      product: draft.product,
      proposedBy: this.producedBy,
      proposedAt,
      expiresAt: new Date(proposedAt.getTime() + draft.ttlMs),
      mesCall: { method: draft.method, path: draft.path, payloadJson: JSON.stringify(draft.payload) },
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
    return { action, message: this.message(this.topics.actionsProposed, trigger, draft.actionId, 'proposed_action', ProposedAction.encode(action).finish()) };
  }

  recommendation(trigger: DecodedPlantEvent, draft: RecommendationDraft): { recommendation: Recommendation; message: OutgoingMessage } {
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
      message: this.message(this.topics.recommendations, trigger, draft.recommendationId, 'recommendation', Recommendation.encode(recommendation).finish()),
    };
  }

  private message(topic: string, trigger: DecodedPlantEvent, id: string, eventType: string, value: Uint8Array): OutgoingMessage {
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
  return Location.fromPartial({ enterprise: trigger.enterprise, site: trigger.site, area: trigger.area, line: trigger.line, cell: trigger.event.envelope?.location?.cell ?? '' });
}
