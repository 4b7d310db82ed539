import type { EventBus } from '@andon/bus';
import {
  ContentTypes,
  HeaderNames,
  LlmCallOutcome,
  LlmCallRecord as LlmCallRecordMessage,
  ModelTier,
} from '@andon/contracts';
import type { LlmCallRecord, LlmCallSink } from '@andon/llm';

const TIERS: Record<LlmCallRecord['tier'], ModelTier> = {
  small: ModelTier.SMALL,
  large: ModelTier.LARGE,
  none: ModelTier.DETERMINISTIC,
};

/** The gateway's call record as the andon.v1.LlmCallRecord contract the audit ledger keeps. */
export function toLlmCallMessage(record: LlmCallRecord): LlmCallRecordMessage {
  return LlmCallRecordMessage.fromPartial({
    callId: record.callId,
    useCase: record.useCase,
    promptId: record.promptId,
    promptVersion: record.promptVersion,
    promptHash: record.promptHash,
    model: record.model,
    provider: record.provider,
    tier: TIERS[record.tier],
    inputTokens: Math.max(0, Math.round(record.tokensIn)),
    outputTokens: Math.max(0, Math.round(record.tokensOut)),
    costUsd: record.costUsd,
    latencyMs: Math.max(0, Math.round(record.latencyMs)),
    sourceIds: record.sourceIds,
    outcome: record.outcome === 'llm' ? LlmCallOutcome.OK : LlmCallOutcome.FALLBACK,
    fallbackReason: record.fallbackReason ?? '',
    site: record.site,
    at: new Date(record.at),
    correlationId: record.correlationId,
    // The gateway keeps only counts per kind (never the values); placeholders are rebuilt from them.
    redactions: Object.entries(record.redactions).flatMap(([kind, count]) =>
      Array.from({ length: count ?? 0 }, (_, i) => ({
        placeholder: `«${kind}_${i + 1}»`,
        kind: kind.toLowerCase(),
      })),
    ),
    // Where the scan found something, never what: the ledger must not carry the attack.
    injectionFindings: record.injectionFindings.map((f) => ({
      category: f.kind,
      sourceField: f.location,
      start: Math.max(0, f.start),
      end: Math.max(0, f.end),
      intent: f.category ?? '',
      sourceId: sourceIdOf(record, f.location),
    })),
    supportScore: record.supportScore ?? 0,
    agreement: record.agreement ?? 0,
    semanticChecks: record.semanticChecks ?? false,
    // Decision replay (issue 19): per-check verdicts, parameters, sources with revisions, capture hash.
    checks: record.checks.map((c) => ({ name: c.name, passed: c.passed, details: c.details })),
    temperature: record.parameters?.temperature ?? 0,
    maxTokens: record.parameters?.maxTokens ?? 0,
    jsonSchema: record.parameters?.jsonSchema ?? false,
    retrievedSources: (record.retrieved ?? []).map((r) => ({
      id: r.id,
      kind: r.kind,
      revision: r.revision ?? '',
      chunk: r.chunk ?? '',
      contentSha256: r.contentSha256,
    })),
    captureSha256: record.captureSha256 ?? '',
  });
}

/** The retrieved source id behind a label (S1 is sourceIds[0]); empty for request fields. */
function sourceIdOf(record: LlmCallRecord, location: string): string {
  const m = /^S(\d+)$/.exec(location);
  return m && Number(m[1]) > 0 ? (record.sourceIds[Number(m[1]) - 1] ?? '') : '';
}

/**
 * The gateway's `onCall` sink: publishes every LLM call record (model answers and
 * deterministic ones alike) to andon.llm.calls.v1, keyed by site. Awaited by the
 * gateway, so a failed publish fails the generation and the bus retries the event.
 */
export class LlmCallPublisher {
  constructor(
    private readonly bus: EventBus,
    private readonly topic: string,
    private readonly producedBy: string,
  ) {}

  readonly sink: LlmCallSink = async (record) => {
    await this.bus.publish([
      {
        topic: this.topic,
        key: record.site,
        value: LlmCallRecordMessage.encode(toLlmCallMessage(record)).finish(),
        headers: {
          [HeaderNames.EventId]: record.callId,
          [HeaderNames.EventType]: 'llm_call',
          [HeaderNames.CorrelationId]: record.correlationId,
          [HeaderNames.ContentType]: ContentTypes.Protobuf,
          [HeaderNames.SchemaVersion]: '1',
          [HeaderNames.Site]: record.site,
          [HeaderNames.ProducedBy]: this.producedBy,
        },
      },
    ]);
  };
}
