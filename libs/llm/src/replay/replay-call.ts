import type { GenerationInfo } from '../gateway/llm-call-record';
import type { GenerateContext } from '../gateway/llm-gateway';
import type { CheckResult, SourceRecord } from '../governance/governance.types';
import { unifiedDiff } from '../prompts/line-diff';
import { allStrings, type UseCaseName } from '../use-cases/use-case';
import { USE_CASE_REGISTRY } from '../use-cases/use-case-registry';
import { captureSha256, retrievedRef, type LlmCallCapture, type RetrievedSourceRef } from './call-capture';

/** Re-run under what the ledger recorded, or under what is configured now. */
export type ReplayChoice = 'recorded' | 'current';
export const REPLAY_CHOICES: readonly ReplayChoice[] = ['recorded', 'current'];

export interface ReplayOptions {
  prompt: ReplayChoice;
  model: ReplayChoice;
}

/** Generates like the gateway; replay engines are built with no call sink and no capture store. */
export interface ReplayEngine {
  readonly llmConfigured: boolean;
  generate(
    useCase: UseCaseName,
    input: unknown,
    sources: readonly SourceRecord[],
    ctx: GenerateContext,
  ): Promise<{ output: unknown; generation: GenerationInfo; checks: CheckResult[] }>;
}

export interface ReplayEngines {
  /** The gateway as configured now (provider, models, active prompts). */
  current: ReplayEngine;
  /** No model: what a call recorded on the deterministic engine re-runs on. */
  deterministic: ReplayEngine;
}

/** The ledger's record of the call (andon.v1.LlmCallRecord as proto JSON), the fields replay reads. */
export interface LedgerCallRecord {
  callId: string;
  useCase?: string;
  promptVersion?: string;
  promptHash?: string;
  model?: string;
  provider?: string;
  captureSha256?: string;
  sourceIds?: string[];
  retrievedSources?: Array<{
    id: string;
    kind?: string;
    revision?: string;
    chunk?: string;
    contentSha256?: string;
  }>;
}

export interface RunSummary {
  promptVersion: string;
  promptHash: string;
  model: string;
  provider: string;
  outcome: 'llm' | 'fallback' | 'deterministic' | 'refused';
  fallbackReasons: string[];
  checks: Array<{ name: string; passed: boolean; details: string[] }>;
  classification: Record<string, string | number | boolean>;
  citedSourceIds: string[];
  text: string;
}

export interface Differences {
  same: boolean;
  classification: Array<{ field: string; recorded: unknown; replayed: unknown }>;
  citations: { added: string[]; removed: string[] };
  /** Unified diff of the output's text, recorded (-) against replayed (+); empty when equal. */
  text: string;
}

export interface CallReplay {
  callId: string;
  useCase: UseCaseName;
  site: string;
  at: string;
  /** What produced the output, rebuilt from the store and checked against the ledger. */
  rebuilt: {
    input: unknown;
    sources: Array<RetrievedSourceRef & { title?: string; text: string; matchesLedger: boolean | null }>;
    redactions: Record<string, number>;
    parameters: LlmCallCapture['parameters'];
  };
  /** The capture's hash equals the ledger's (null: the ledger record predates capture hashes). */
  captureMatchesLedger: boolean | null;
  recorded: RunSummary;
  replayed: RunSummary & { promptChoice: ReplayChoice; modelChoice: ReplayChoice; note?: string };
  differences: Differences;
}

const text = (output: unknown): string => allStrings(output).join('\n');

function recordedSummary(capture: LlmCallCapture): RunSummary {
  return {
    promptVersion: capture.promptVersion,
    promptHash: capture.promptHash,
    model: capture.model,
    provider: capture.provider,
    outcome: capture.outcome,
    fallbackReasons: capture.fallbackReasons,
    checks: capture.checks,
    classification: capture.classification,
    citedSourceIds: capture.citedSourceIds,
    text: text(capture.output),
  };
}

export function diffRuns(recorded: RunSummary, replayed: RunSummary): Differences {
  const fields = [
    ...new Set([...Object.keys(recorded.classification), ...Object.keys(replayed.classification)]),
  ].sort();
  const classification = fields
    .filter((f) => recorded.classification[f] !== replayed.classification[f])
    .map((field) => ({
      field,
      recorded: recorded.classification[field],
      replayed: replayed.classification[field],
    }));
  const added = replayed.citedSourceIds.filter((id) => !recorded.citedSourceIds.includes(id));
  const removed = recorded.citedSourceIds.filter((id) => !replayed.citedSourceIds.includes(id));
  const textDiff =
    recorded.text === replayed.text ? '' : unifiedDiff('recorded', 'replayed', recorded.text, replayed.text);
  return {
    same: classification.length === 0 && added.length === 0 && removed.length === 0 && textDiff === '',
    classification,
    citations: { added, removed },
    text: textDiff,
  };
}

/** Which engine, prompt and model a replay runs with, and why when a choice cannot apply. */
function plan(
  engines: ReplayEngines,
  capture: LlmCallCapture,
  options: ReplayOptions,
): { engine: ReplayEngine; ctx: Partial<GenerateContext>; note?: string } {
  const recordedOnEngine = capture.provider === 'deterministic';
  if (options.model === 'recorded' && recordedOnEngine) {
    return {
      engine: engines.deterministic,
      ctx: {},
      ...(options.prompt === 'current'
        ? { note: 'recorded on the deterministic engine: no prompt applies' }
        : {}),
    };
  }
  if (!engines.current.llmConfigured) {
    return {
      engine: engines.deterministic,
      ctx: {},
      note: `no model is configured now: the deterministic engine answers${options.model === 'recorded' ? ` (recorded model ${capture.model} not reachable)` : ''}`,
    };
  }
  const ctx: Partial<GenerateContext> = {};
  const notes: string[] = [];
  if (options.model === 'recorded' && capture.model !== 'none') ctx.model = capture.model;
  if (options.prompt === 'recorded') {
    if (recordedOnEngine || capture.model === 'none')
      notes.push('no prompt was recorded (deterministic engine): the active prompt is used');
    else ctx.promptVersion = capture.promptVersion;
  }
  return { engine: engines.current, ctx, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/**
 * Re-runs one captured call: the same validated input and the same sources, through an
 * engine that has no call sink and no capture store, so nothing is recorded, published,
 * proposed or executed. Returns what was rebuilt, both runs and their differences.
 */
export async function replayCapture(
  engines: ReplayEngines,
  capture: LlmCallCapture,
  ledger: LedgerCallRecord | undefined,
  options: ReplayOptions,
): Promise<CallReplay> {
  const useCase = USE_CASE_REGISTRY[capture.useCase];
  const ledgerSources = new Map((ledger?.retrievedSources ?? []).map((s) => [s.id, s.contentSha256]));
  const { engine, ctx, note } = plan(engines, capture, options);
  const out = await engine.generate(capture.useCase, capture.input, capture.sources, {
    site: capture.site,
    correlationId: `replay:${capture.callId}`,
    ...ctx,
  });
  const g = out.generation;
  const replayed: CallReplay['replayed'] = {
    promptChoice: options.prompt,
    modelChoice: options.model,
    ...(note ? { note } : {}),
    promptVersion: g.promptVersion,
    promptHash: g.promptHash,
    model: g.model,
    provider: g.provider,
    outcome: g.deterministic ? (g.provider === 'deterministic' ? 'deterministic' : 'fallback') : 'llm',
    fallbackReasons: g.fallbackReasons ?? [],
    checks: out.checks,
    classification: useCase.classification(out.output),
    citedSourceIds: g.citedSourceIds,
    text: text(out.output),
  };
  const recorded = recordedSummary(capture);
  return {
    callId: capture.callId,
    useCase: capture.useCase,
    site: capture.site,
    at: capture.at,
    rebuilt: {
      input: capture.input,
      sources: capture.sources.map((s) => {
        const ref = retrievedRef(s);
        const fromLedger = ledgerSources.get(s.id);
        return {
          ...ref,
          ...(s.title ? { title: s.title } : {}),
          text: s.text,
          matchesLedger: fromLedger === undefined ? null : fromLedger === ref.contentSha256,
        };
      }),
      redactions: capture.redactions,
      parameters: capture.parameters,
    },
    captureMatchesLedger: ledger?.captureSha256 ? ledger.captureSha256 === captureSha256(capture) : null,
    recorded,
    replayed,
    differences: diffRuns(recorded, replayed),
  };
}
