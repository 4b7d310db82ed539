import type { AskResult } from '../ask/ask.service';
import type { Classification, DocStatus, DocType } from '../domain/knowledge-chunk';
import type { RankedHit } from '../retrieve/hybrid-retriever';
import type { RecordView } from '../retrieve/record-access.service';

/** A hit as the console and REST clients see it: lineage first, text last. */
export interface HitJson {
  documentId: string;
  revision: string;
  chunkId: string;
  title: string;
  section: string;
  docType: DocType;
  startOffset: number;
  endOffset: number;
  score: number;
  retriever: RankedHit['retriever'];
  ranks: RankedHit['ranks'];
  identifierMatches: string[];
  status: DocStatus;
  effective: boolean;
  /** Set on text that must not be followed as current guidance. */
  notice?: string;
  site: string;
  line: string;
  occurredAt?: string;
  text: string;
}

function notice(hit: RankedHit): string | undefined {
  if (hit.status === 'draft') return 'DRAFT: not approved; do not use for operation';
  if (hit.status === 'obsolete')
    return hit.chunk.supersededBy
      ? `OBSOLETE: superseded by revision ${hit.chunk.supersededBy}`
      : 'OBSOLETE: not in force';
  if (!hit.effective)
    return `NOT YET IN FORCE: effective from ${new Date(hit.chunk.effectiveFrom).toISOString()}`;
  return undefined;
}

export function hitJson(hit: RankedHit): HitJson {
  const n = notice(hit);
  return {
    documentId: hit.chunk.documentId,
    revision: hit.chunk.revision,
    chunkId: hit.chunk.chunkId,
    title: hit.chunk.title,
    section: hit.chunk.section,
    docType: hit.chunk.docType,
    startOffset: hit.chunk.startOffset,
    endOffset: hit.chunk.endOffset,
    score: hit.score,
    retriever: hit.retriever,
    ranks: hit.ranks,
    identifierMatches: hit.identifierMatches,
    status: hit.status,
    effective: hit.effective,
    ...(n ? { notice: n } : {}),
    site: hit.chunk.site,
    line: hit.chunk.line,
    ...(hit.chunk.occurredAt !== null ? { occurredAt: new Date(hit.chunk.occurredAt).toISOString() } : {}),
    text: hit.chunk.text,
  };
}

export interface AskJson {
  answered: boolean;
  answer: string;
  citations: {
    label: string;
    documentId: string;
    revision: string;
    title: string;
    section: string;
    chunkId: string;
    retriever: RankedHit['retriever'];
    startOffset: number;
    endOffset: number;
  }[];
  unansweredReason: string | null;
  escalated: boolean;
  /** inputFlagged/injectionKinds: some retrieved text behind the answer was flagged (the console warns on the answer). */
  generation: {
    model: string;
    provider: string;
    promptVersion: string;
    deterministic: boolean;
    fallbackReason?: string;
    inputFlagged?: boolean;
    injectionKinds?: string[];
  } | null;
}

export function askJson(result: AskResult): AskJson {
  const g = result.generation;
  return {
    answered: result.answered,
    answer: result.answerMarkdown,
    citations: result.citations.map(({ label, hit }) => ({
      label,
      documentId: hit.chunk.documentId,
      revision: hit.chunk.revision,
      title: hit.chunk.title,
      section: hit.chunk.section,
      chunkId: hit.chunk.chunkId,
      retriever: hit.retriever,
      startOffset: hit.chunk.startOffset,
      endOffset: hit.chunk.endOffset,
    })),
    unansweredReason: result.unansweredReason,
    escalated: result.escalated,
    generation: g
      ? {
          model: g.model,
          provider: g.provider,
          promptVersion: g.promptVersion,
          deterministic: g.deterministic,
          ...(g.fallbackReason ? { fallbackReason: g.fallbackReason } : {}),
          ...(g.inputFlagged ? { inputFlagged: true, injectionKinds: g.injectionKinds ?? [] } : {}),
        }
      : null,
  };
}

/** One operational record for click-through: what happened, where, when, and from which source record. */
export interface RecordJson {
  recordId: string;
  /** The plant event's id (recordId without its `event:` prefix). */
  eventId: string;
  /** The envelope's event type, e.g. machine_alarm. */
  eventType: string;
  title: string;
  text: string;
  site: string;
  line: string;
  product: string;
  docType: DocType;
  kind: 'record';
  occurredAt: string;
  /** The source system's record id (stored as the record's owner in the index). */
  sourceRecordId: string;
  classification: Classification;
}

export function recordJson(record: RecordView): RecordJson {
  return {
    recordId: record.documentId,
    eventId: record.documentId.replace(/^event:/, ''),
    eventType: record.section,
    title: record.title,
    text: record.text,
    site: record.site,
    line: record.line,
    product: record.product,
    docType: record.docType,
    kind: 'record',
    occurredAt: new Date(record.occurredAt ?? record.effectiveFrom).toISOString(),
    sourceRecordId: record.owner,
    classification: record.classification,
  };
}
