import type { SourceRecord } from '../governance/governance.types';
import {
  captureSha256,
  retrievedRef,
  type GenerationParameters,
  type LlmCallCapture,
  type LlmCallCaptureStore,
} from '../replay/call-capture';
import type { AnyUseCase } from '../use-cases/use-case';
import type { LlmCallRecord } from './llm-call-record';

export interface CallMaterial {
  useCase: AnyUseCase;
  input: unknown;
  retrieved: readonly SourceRecord[];
  parameters: GenerationParameters | undefined;
  output: unknown;
}

/**
 * Completes a call record with what decision replay needs (parameters, retrieved sources
 * with revisions and content hashes) and, when the gateway keeps captures, saves the
 * capture and puts its hash on the record before the record is published.
 */
export async function captureCall(
  store: LlmCallCaptureStore | undefined,
  record: LlmCallRecord,
  material: CallMaterial,
): Promise<void> {
  record.retrieved = material.retrieved.map(retrievedRef);
  if (material.parameters) record.parameters = material.parameters;
  if (!store) return;
  const capture: LlmCallCapture = {
    callId: record.callId,
    at: record.at,
    site: record.site,
    correlationId: record.correlationId,
    useCase: material.useCase.name,
    input: material.input,
    sources: material.retrieved.map((s) => structuredClone(s)),
    parameters: material.parameters ?? { maxTokens: 0, jsonSchema: false },
    promptVersion: record.promptVersion,
    promptHash: record.promptHash,
    model: record.model,
    provider: record.provider,
    outcome: record.outcome,
    fallbackReasons: record.fallbackReasons ?? [],
    output: material.output,
    classification: material.useCase.classification(material.output),
    citedSourceIds: record.citedSourceIds,
    checks: record.checks,
    redactions: record.redactions as Record<string, number>,
  };
  // The JSON round trip drops undefined fields, so the hash is the stored document's.
  const stored = JSON.parse(JSON.stringify(capture)) as LlmCallCapture;
  await store.save(stored);
  record.captureSha256 = captureSha256(stored);
}
