import type { OnModuleInit } from '@nestjs/common';
import type { EventBus } from '@andon/bus';
import {
  ContentTypes,
  HeaderNames,
  LlmCallOutcome,
  LlmCallRecord,
  ModelTier,
  TOPIC_SPECS,
  Topics,
} from '@andon/contracts';
import { canonicalize, sha256Hex, type JsonValue } from '@andon/governance/canonical';
import type { RedactionCounts } from './untrusted-input';

export const MCP_SERVICE_ID = 'mcp';
/** The use case under which tool calls appear in the ledger and the ROI token table. */
export const MCP_TOOL_CALL_USE_CASE = 'mcp_tool_call';
export const MCP_SERVER_VERSION = '1.0.0';

export type ToolCallStatus = 'ok' | 'refused' | 'flagged' | 'error';

export interface ToolCallRecord {
  toolCallId: string;
  tool: string;
  /** JSON-RPC id of the tools/call request, as the client sent it. */
  requestId: string;
  userId: string;
  clientId: string;
  site: string;
  argumentsHash: string;
  status: ToolCallStatus;
  /** Refusal or error code, injection kinds when flagged. */
  detail: string;
  /** Record, document and action ids the result cited (or the proposal it made). */
  cited: string[];
  redactions: RedactionCounts;
  latencyMs: number;
  at: Date;
}

/** sha256 over the canonical JSON of the arguments: the ledger keeps the hash, never the text. */
export function argumentsHash(args: unknown): string {
  return sha256Hex(canonicalize((args ?? {}) as JsonValue));
}

/**
 * Every tool call goes to the ledger through andon.llm.calls.v1, a topic the audit
 * ledger already chains: a tool call is a model (the client's) acting on the plant, and
 * the record carries who (user and client), which tool (prompt id), the arguments' hash
 * (prompt hash) and the result status (outcome, fallback reason). See ADR 0015.
 */
export class ToolCallRecorder implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly topic: string,
  ) {}

  /** Before the app serves: the topic it records to exists. */
  async onModuleInit(): Promise<void> {
    await this.bus.ensureTopics([{ name: this.topic, partitions: TOPIC_SPECS[Topics.LlmCalls].partitions }]);
  }

  async record(r: ToolCallRecord): Promise<void> {
    const message = LlmCallRecord.fromPartial({
      callId: r.toolCallId,
      useCase: MCP_TOOL_CALL_USE_CASE,
      promptId: r.tool,
      promptVersion: `andon-mcp/${MCP_SERVER_VERSION}`,
      promptHash: r.argumentsHash,
      model: r.clientId,
      provider: 'mcp',
      tier: ModelTier.UNSPECIFIED,
      latencyMs: Math.max(0, Math.round(r.latencyMs)),
      sourceIds: [`user:${r.userId}`, `client:${r.clientId}`, `request:${r.requestId}`, ...r.cited],
      outcome: r.status === 'ok' ? LlmCallOutcome.OK : LlmCallOutcome.FALLBACK,
      fallbackReason: r.status === 'ok' ? '' : `${r.status}${r.detail ? `: ${r.detail}` : ''}`.slice(0, 500),
      site: r.site,
      at: r.at,
      correlationId: r.toolCallId,
      redactions: Object.entries(r.redactions).flatMap(([kind, count]) =>
        Array.from({ length: count ?? 0 }, (_, i) => ({
          placeholder: `«${kind}_${i + 1}»`,
          kind: kind.toLowerCase(),
        })),
      ),
    });
    await this.bus.publish([
      {
        topic: this.topic,
        key: r.site || r.userId,
        value: LlmCallRecord.encode(message).finish(),
        headers: {
          [HeaderNames.EventId]: r.toolCallId,
          [HeaderNames.EventType]: 'llm_call',
          [HeaderNames.CorrelationId]: r.toolCallId,
          [HeaderNames.ContentType]: ContentTypes.Protobuf,
          [HeaderNames.SchemaVersion]: '1',
          [HeaderNames.Site]: r.site,
          [HeaderNames.ProducedBy]: MCP_SERVICE_ID,
        },
      },
    ]);
  }
}
