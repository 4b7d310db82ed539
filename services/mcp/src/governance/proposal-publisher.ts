import type { OnModuleInit } from '@nestjs/common';
import { derivedId, Outbox } from '@andon/agent-kit';
import { IntentRenderError, type IntentRenderer, type MesIntent } from '@andon/mes-endpoints';
import { Sweep } from '@andon/service-kit';
import {
  ContentTypes,
  EvidenceKind,
  EvidenceRef,
  HeaderNames,
  Location,
  ProposedAction,
  TOPIC_SPECS,
  Topics,
  locationKey,
} from '@andon/contracts';
import { riskClassEnum } from '@andon/governance/policy';
import { type Principal } from '@andon/governance/auth';
import type { DocumentStore } from '@andon/persistence';
import type { EventBus } from '@andon/bus';
import { MCP_SERVER_VERSION, MCP_SERVICE_ID } from './tool-call-recorder';
import type { PolicyPreview, ProposalPolicy } from './proposal-policy';

export interface EvidenceInput {
  kind: 'event' | 'record' | 'document';
  id: string;
  revision?: string | undefined;
}

export interface ProposalDraft {
  tool: string;
  site: string;
  line: string;
  product: string;
  title: string;
  rationale: string;
  recommendedSteps: string[];
  evidence: EvidenceInput[];
  /** What the MES should do; the site's endpoint map alone renders it into the call approval signs. */
  intent: MesIntent;
}

/** Who asked: the person, the MCP client acting for them, and the tool call. */
export interface Proposer {
  principal: Principal;
  clientId: string;
  toolCallId: string;
  argumentsHash: string;
}

export type ProposalResult =
  | { ok: true; actionId: string; replayed: boolean; preview: PolicyPreview; expiresAt: string }
  | { ok: false; code: string; message: string };

const PURGE_EVERY_MS = 3_600_000;

const KINDS: Record<EvidenceInput['kind'], EvidenceKind> = {
  event: EvidenceKind.EVENT,
  record: EvidenceKind.RECORD,
  document: EvidenceKind.DOCUMENT,
};

/**
 * Turns one propose_* tool call into a ProposedAction on andon.actions.proposed.v1,
 * exactly the topic and contract the agents use, so approval applies the same policy,
 * signatures and two-person rule. `proposedBy` is the person behind the client, so the
 * separation-of-duties check stops them signing their own proposal; the client id and
 * tool call id ride in the generation record (model = client, llm_call_ids = the tool
 * call's ledger record). The same person, tool and arguments give the same action id,
 * and the outbox republishes the stored bytes, so a retried call is idempotent (within the
 * UTC day; outbox entries older than two days are purged). The MES call is rendered from
 * the intent by the site's endpoint map (ADR 0024), the same maps the agents and
 * write-back read: MCP holds no MES path.
 */
export class ProposalPublisher implements OnModuleInit {
  private constructor(
    private readonly outbox: Outbox,
    private readonly bus: EventBus,
    private readonly policy: ProposalPolicy,
    private readonly endpoints: IntentRenderer,
    private readonly topic: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  static async open(
    store: DocumentStore,
    bus: EventBus,
    policy: ProposalPolicy,
    endpoints: IntentRenderer,
    options: { topic: string; ttlHours: number; now?: () => Date },
  ): Promise<ProposalPublisher> {
    const outbox = await Outbox.open(store, 'mcp_proposal_outbox', bus);
    return new ProposalPublisher(
      outbox,
      bus,
      policy,
      endpoints,
      options.topic,
      options.ttlHours * 3_600_000,
      options.now ?? (() => new Date()),
    );
  }

  /** Before the app serves: the topic it proposes on exists and the outbox is purged once. */
  async onModuleInit(): Promise<void> {
    await this.bus.ensureTopics([
      { name: this.topic, partitions: TOPIC_SPECS[Topics.ActionsProposed].partitions },
    ]);
    await this.purge();
  }

  /** Entries past the idempotency window (the UTC day) are never replayed again; hourly on the kit's schedule. */
  @Sweep((_self: ProposalPublisher) => ({ name: 'mcp.proposal-outbox-purge', everyMs: PURGE_EVERY_MS }))
  purge(): Promise<number> {
    return this.outbox.purgeOlderThan(2 * 86_400_000);
  }

  async propose(draft: ProposalDraft, proposer: Proposer): Promise<ProposalResult> {
    const proposedAt = this.now();
    // Idempotent within the UTC day: a retry republishes the stored action; the same
    // proposal on a later day is a new action (an old id with a new hash would be refused).
    const day = proposedAt.toISOString().slice(0, 10);
    const actionId = derivedId('mcp', proposer.principal.userId, draft.tool, proposer.argumentsHash, day);
    const expiresAt = new Date(proposedAt.getTime() + this.ttlMs);
    const lookup = this.policy.lookup(
      {
        actionId,
        actionType: draft.intent.type,
        site: draft.site,
        line: draft.line,
        product: draft.product,
        proposedBy: proposer.principal.userId,
        proposedAt: proposedAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
      },
      proposedAt,
    );
    if (!lookup.ok) return lookup;
    const { preview } = lookup;
    let mesCall: { method: string; path: string; payloadJson: string };
    try {
      mesCall = this.endpoints.render(draft.site, actionId, draft.intent);
    } catch (err) {
      // Nothing is proposed that write-back would refuse: no map, no mapping, or a bad path segment.
      if (err instanceof IntentRenderError)
        return { ok: false, code: 'NO_MES_ENDPOINT', message: err.message };
      throw err;
    }
    const action = ProposedAction.fromPartial({
      actionId,
      actionType: draft.intent.type,
      riskClass: riskClassEnum(preview.riskClass),
      location: Location.fromPartial({ site: draft.site, line: draft.line }),
      product: draft.product,
      proposedBy: proposer.principal.userId,
      proposedAt,
      expiresAt,
      mesCall,
      title: `[MCP] ${draft.title}`,
      rationale: `${draft.rationale}\n\nProposed through MCP by ${proposer.principal.name} (${proposer.principal.userId}) with client "${proposer.clientId}", tool ${draft.tool}, tool call ${proposer.toolCallId}.`,
      recommendedSteps: draft.recommendedSteps,
      evidence: draft.evidence.map((e) =>
        EvidenceRef.fromPartial({ kind: KINDS[e.kind], id: e.id, revision: e.revision ?? '' }),
      ),
      confidence: 0,
      generation: {
        promptId: `mcp.${draft.tool}`,
        promptVersion: `andon-mcp/${MCP_SERVER_VERSION}`,
        promptHash: proposer.argumentsHash,
        model: proposer.clientId,
        provider: 'mcp',
        deterministicFallback: false,
        fallbackReason: '',
        llmCallIds: [proposer.toolCallId],
      },
      correlationId: proposer.toolCallId,
      causationId: '',
    });
    const { replayed, messages } = await this.outbox.emit(draft.site, actionId, async () => [
      {
        topic: this.topic,
        key: locationKey({ site: draft.site, line: draft.line }),
        value: ProposedAction.encode(action).finish(),
        headers: {
          [HeaderNames.EventId]: actionId,
          [HeaderNames.EventType]: 'proposed_action',
          [HeaderNames.CorrelationId]: proposer.toolCallId,
          [HeaderNames.ContentType]: ContentTypes.Protobuf,
          [HeaderNames.SchemaVersion]: '1',
          [HeaderNames.Site]: draft.site,
          [HeaderNames.ProducedBy]: MCP_SERVICE_ID,
        },
      },
    ]);
    const published = messages[0] ? ProposedAction.decode(messages[0].value) : action;
    return {
      ok: true,
      actionId,
      replayed,
      preview,
      expiresAt: published.expiresAt?.toISOString() ?? expiresAt.toISOString(),
    };
  }
}
