import type { LlmSettings } from '../config/llm-config';
import { createLlmGateway } from '../gateway/create-llm-gateway';
import type { EmbeddingsPort } from '../providers/chat-model.port';
import type { LlmCallCapture, LlmCallCaptureStore } from './call-capture';
import {
  replayCapture,
  type CallReplay,
  type LedgerCallRecord,
  type ReplayEngines,
  type ReplayOptions,
} from './replay-call';

/** A ledger entry as replay reads it: kind and the recorded message as proto JSON. */
export interface LedgerEntryView {
  kind: string;
  site: string;
  message: Record<string, unknown>;
}

/** Reads the audit ledger by subject (action id, recommendation id or LLM call id). */
export interface LedgerLookup {
  bySubject(subjectId: string): Promise<LedgerEntryView[]>;
}

/** What produced an output: the subject's ledger entry and, per LLM call behind it, the ledger record and the capture. */
export interface RebuiltDecision {
  subject: { id: string; kind: string; site: string; title?: string };
  calls: Array<{ callId: string; ledger: LedgerCallRecord | undefined; capture: LlmCallCapture | undefined }>;
  problems: string[];
}

export interface ReplayReport {
  /** Always true: a replay is recorded nowhere and proposes, publishes and executes nothing. */
  replay: true;
  subject: RebuiltDecision['subject'];
  options: ReplayOptions;
  calls: CallReplay[];
  problems: string[];
}

export class ReplayNotFoundError extends Error {
  constructor(readonly subjectId: string) {
    super(`nothing in the ledger has subject ${subjectId}`);
    this.name = 'ReplayNotFoundError';
  }
}

const SUBJECT_KINDS = ['action.proposed', 'recommendation', 'llm.call'];

function callIdsOf(message: Record<string, unknown>): string[] {
  const generation = message['generation'] as { llmCallIds?: unknown } | undefined;
  return Array.isArray(generation?.llmCallIds)
    ? generation.llmCallIds.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * Decision replay: rebuilds an output's calls from the ledger (what was recorded) and the
 * capture store (what was given), and re-runs them on engines that record nothing. It has
 * no bus, no approval client and no MES client: it cannot propose or execute anything.
 */
export class ReplayDesk {
  constructor(
    private readonly deps: {
      ledger: LedgerLookup;
      captures: LlmCallCaptureStore;
      engines: ReplayEngines;
    },
  ) {}

  async rebuild(subjectId: string): Promise<RebuiltDecision> {
    const entries = await this.deps.ledger.bySubject(subjectId);
    const subjectEntry = entries.find((e) => SUBJECT_KINDS.includes(e.kind));
    if (!subjectEntry) throw new ReplayNotFoundError(subjectId);
    const problems: string[] = [];
    const callIds = subjectEntry.kind === 'llm.call' ? [subjectId] : callIdsOf(subjectEntry.message);
    if (callIds.length === 0)
      problems.push(`${subjectEntry.kind} ${subjectId} names no LLM call (no generation recorded)`);
    const calls: RebuiltDecision['calls'] = [];
    for (const callId of callIds) {
      const record =
        subjectEntry.kind === 'llm.call'
          ? subjectEntry
          : (await this.deps.ledger.bySubject(callId)).find((e) => e.kind === 'llm.call');
      const ledger = record ? (record.message as unknown as LedgerCallRecord) : undefined;
      if (!ledger) problems.push(`LLM call ${callId} is not in the ledger`);
      const capture = await this.deps.captures.get(callId);
      if (!capture)
        problems.push(
          `LLM call ${callId} has no capture in the store (recorded before captures were kept, or by a service without a store)`,
        );
      calls.push({ callId, ledger, capture });
    }
    const title =
      typeof subjectEntry.message['title'] === 'string' ? subjectEntry.message['title'] : undefined;
    return {
      subject: {
        id: subjectId,
        kind: subjectEntry.kind,
        site: subjectEntry.site,
        ...(title ? { title } : {}),
      },
      calls,
      problems,
    };
  }

  async replay(subjectId: string, options: ReplayOptions): Promise<ReplayReport> {
    const rebuilt = await this.rebuild(subjectId);
    const calls: CallReplay[] = [];
    const problems = [...rebuilt.problems];
    for (const call of rebuilt.calls) {
      if (!call.capture) continue;
      const replayed = await replayCapture(this.deps.engines, call.capture, call.ledger, options);
      if (replayed.captureMatchesLedger === false)
        problems.push(
          `LLM call ${call.callId}: the stored capture does not match the hash in the ledger (changed after the call)`,
        );
      calls.push(replayed);
    }
    return { replay: true, subject: rebuilt.subject, options, calls, problems };
  }
}

/**
 * The engines a replay runs on: the gateway as configured now and the deterministic
 * engine, both built with no call sink and no capture store (nothing a replay does is
 * recorded, published or kept) and their own in-memory token budget.
 */
export function replayEngines(
  settings: LlmSettings,
  baseDir: string,
  policyEmbeddings?: EmbeddingsPort | null,
): ReplayEngines {
  const quiet = { baseDir, ...(policyEmbeddings === undefined ? {} : { policyEmbeddings }) };
  return {
    current: createLlmGateway({ ...quiet, settings }),
    deterministic: createLlmGateway({ ...quiet, settings: { ...settings, provider: undefined } }),
  };
}
