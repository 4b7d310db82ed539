import {
  Retriever,
  type AskResponse,
  type Caller,
  type FallbackReason,
  type GenerationInfo as ProtoGenerationInfo,
  type RetrievalFilters,
  type RetrievalHit,
} from '@andon/contracts';
import { FALLBACK_REASONS, type GenerationInfo } from '@andon/llm';
import type { AskResult } from '../ask/ask.service';
import type { CallerContext, RetrievalScope } from '../domain/access-policy';
import {
  clearanceFromProto,
  docTypeFromProto,
  docTypeToProto,
  statusToProto,
} from '../domain/contract-mapping';
import type { DocType } from '../domain/knowledge-chunk';
import type { RankedHit } from '../retrieve/hybrid-retriever';

export function callerFromProto(caller: Caller): CallerContext {
  return {
    userId: caller.userId,
    roles: [...caller.roles],
    sites: [...caller.sites],
    clearance: clearanceFromProto(caller.clearance),
  };
}

export function scopeFromProto(filters: RetrievalFilters | undefined): RetrievalScope {
  if (!filters) return {};
  const docTypes = filters.docTypes.map(docTypeFromProto).filter((t): t is DocType => t !== null);
  return {
    ...(filters.site ? { site: filters.site } : {}),
    ...(filters.line ? { line: filters.line } : {}),
    ...(filters.product ? { product: filters.product } : {}),
    ...(docTypes.length ? { docTypes } : {}),
    ...(filters.asOf ? { asOf: filters.asOf.getTime() } : {}),
    ...(filters.includeNonEffective ? { includeNonEffective: true } : {}),
  };
}

const RETRIEVER: Readonly<Record<RankedHit['retriever'], Retriever>> = {
  bm25: Retriever.BM25,
  vector: Retriever.VECTOR,
  both: Retriever.HYBRID,
};

export function hitToProto(hit: RankedHit): RetrievalHit {
  return {
    documentId: hit.chunk.documentId,
    revision: hit.chunk.revision,
    chunkId: hit.chunk.chunkId,
    startOffset: hit.chunk.startOffset,
    endOffset: hit.chunk.endOffset,
    score: hit.score,
    retriever: RETRIEVER[hit.retriever],
    title: hit.chunk.title,
    docType: docTypeToProto(hit.chunk.docType),
    text: hit.chunk.text,
    status: statusToProto(hit.status),
  };
}

function generationToProto(g: GenerationInfo): ProtoGenerationInfo {
  return {
    promptId: g.promptId,
    promptVersion: g.promptVersion,
    promptHash: g.promptHash,
    model: g.model,
    provider: g.provider,
    deterministicFallback: g.deterministic,
    fallbackReason: g.fallbackReason ?? '',
    llmCallIds: [],
    fallbackReasons: (g.fallbackReasons ?? []).map(
      (r) => (FALLBACK_REASONS.indexOf(r) + 1) as FallbackReason,
    ),
    inputFlagged: g.inputFlagged ?? false,
    injectionKinds: g.injectionKinds ?? [],
    // The answer quotes approved procedures; the model's own words are the answer text.
    modelWrittenFields: g.deterministic ? [] : ['answer_markdown'],
  };
}

export function askToProto(result: AskResult): AskResponse {
  return {
    answered: result.answered,
    answerMarkdown: result.answerMarkdown,
    citations: result.citations.map((c) => hitToProto(c.hit)),
    generation: result.generation ? generationToProto(result.generation) : undefined,
    unansweredReason: result.unansweredReason ?? '',
  };
}
