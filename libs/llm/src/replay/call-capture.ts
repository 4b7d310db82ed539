import { createHash } from 'node:crypto';
import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import type { CheckResult, SourceRecord } from '../governance/governance.types';
import type { UseCaseName } from '../use-cases/use-case';

/** A retrieved source as the call record names it: id, revision and a hash of its content. */
export interface RetrievedSourceRef {
  id: string;
  kind: string;
  /** Documents: the revision given to the model. */
  revision?: string;
  /** Documents: the chunk within that revision. */
  chunk?: string;
  /** sha256 of the source (text, title, structured fields) exactly as the gateway got it. */
  contentSha256: string;
}

/** The generation parameters of a call (what a replay under the recorded configuration sets again). */
export interface GenerationParameters {
  temperature?: number;
  maxTokens: number;
  /** The output's JSON Schema was sent for grammar-constrained generation. */
  jsonSchema: boolean;
}

/**
 * Everything that produced one gateway call, kept in the calling service's document store
 * (collection `llm_call_captures`): the validated request, the retrieved sources as given,
 * the parameters, and what came out (classification, citations, the output itself). The
 * ledger's call record carries `captureSha256` over it, so a replay can prove it is
 * re-running the very request the ledger recorded. Plant data stays in the plant's store,
 * never in the ledger.
 */
export interface LlmCallCapture {
  callId: string;
  at: string;
  site: string;
  correlationId: string;
  useCase: UseCaseName;
  /** The use case's input as validated by its schema. */
  input: unknown;
  sources: SourceRecord[];
  parameters: GenerationParameters;
  promptVersion: string;
  promptHash: string;
  model: string;
  provider: string;
  outcome: 'llm' | 'fallback' | 'deterministic' | 'refused';
  fallbackReasons: string[];
  output: unknown;
  classification: Record<string, string | number | boolean>;
  citedSourceIds: string[];
  checks: CheckResult[];
  redactions: Record<string, number>;
}

/** Canonical JSON (keys sorted, undefined dropped) so the hash does not depend on key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** sha256 over the capture's canonical JSON; recorded in the ledger as `captureSha256`. */
export function captureSha256(capture: LlmCallCapture): string {
  return sha256Of(capture);
}

/** Revision and chunk of a retrieved source: structured fields first, else an id like `doc:SOP-17@rev4#3`. */
export function retrievedRef(source: SourceRecord): RetrievedSourceRef {
  const data = source.data ?? {};
  const fromData = (key: string): string | undefined => {
    const v = data[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  const m = /@([^#@]+)(?:#(.+))?$/.exec(source.id);
  const revision = fromData('revision') ?? m?.[1];
  const chunk = fromData('chunk') ?? fromData('chunkId') ?? m?.[2];
  return {
    id: source.id,
    kind: source.kind,
    ...(revision ? { revision } : {}),
    ...(chunk ? { chunk } : {}),
    contentSha256: sha256Of({ title: source.title, text: source.text, data: source.data }),
  };
}

/** Where captures are kept; the gateway saves one per call when given a store. */
export interface LlmCallCaptureStore {
  save(capture: LlmCallCapture): Promise<void>;
  get(callId: string): Promise<LlmCallCapture | undefined>;
}

export const CALL_CAPTURE_COLLECTION = 'llm_call_captures';

interface CaptureDoc extends Versioned {
  site: string;
  at: string;
  /** The capture as JSON text: inputs hold arbitrary keys (`$`, dots) a document may not. */
  json: string;
}

/** Captures in the service's document store (SQLite embedded, MongoDB wire in a cluster). */
export class DocumentCallCaptureStore implements LlmCallCaptureStore {
  private constructor(private readonly docs: DocumentCollection<CaptureDoc>) {}

  static async open(store: DocumentStore): Promise<DocumentCallCaptureStore> {
    return new DocumentCallCaptureStore(await store.collection<CaptureDoc>(CALL_CAPTURE_COLLECTION));
  }

  async save(capture: LlmCallCapture): Promise<void> {
    await this.docs.insert({
      _id: capture.callId,
      site: capture.site,
      at: capture.at,
      json: JSON.stringify(capture),
    });
  }

  async get(callId: string): Promise<LlmCallCapture | undefined> {
    const doc = await this.docs.get(callId);
    return doc ? (JSON.parse(doc.json) as LlmCallCapture) : undefined;
  }
}

/** Captures in memory (tests, the evaluation). */
export class InMemoryCallCaptureStore implements LlmCallCaptureStore {
  readonly captures = new Map<string, LlmCallCapture>();
  async save(capture: LlmCallCapture): Promise<void> {
    this.captures.set(capture.callId, structuredClone(capture));
  }
  async get(callId: string): Promise<LlmCallCapture | undefined> {
    const c = this.captures.get(callId);
    return c ? structuredClone(c) : undefined;
  }
}
