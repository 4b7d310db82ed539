import { createHash } from 'node:crypto';
import type { KnowledgeDocument } from '@andon/contracts';
import type { EmbeddingsPort } from '@andon/llm';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import { EMBEDDINGS, INGESTION_OPTIONS, KNOWLEDGE_INDEX } from '../context-retrieval.tokens';
import {
  classificationFromProto,
  contentTypeFromProto,
  docTypeFromProto,
  statusFromProto,
} from '../domain/contract-mapping';
import { extractIdentifiers } from '../domain/identifiers';
import type { KnowledgeChunk, StoredRevision } from '../domain/knowledge-chunk';
import type { KnowledgeIndex } from '../knowledge-index/knowledge-index.port';
import { chunkText, type ChunkerOptions } from './chunker';
import { extractText } from './extract-text';

export type IngestOutcomeKind = 'indexed' | 'unchanged' | 'rejected' | 'failed';

export interface IngestOutcome {
  documentId: string;
  revision: string;
  outcome: IngestOutcomeKind;
  chunks: number;
  /** Older revisions whose effective window this revision closed. */
  superseded: string[];
  reason?: string;
}

export interface IngestProgress {
  done: number;
  total: number;
  last: IngestOutcome;
}

export interface IngestReport {
  total: number;
  indexed: number;
  unchanged: number;
  rejected: number;
  failed: number;
  chunks: number;
  outcomes: IngestOutcome[];
}

export interface DocumentIngestionOptions {
  log?: Logger;
  chunker?: ChunkerOptions;
  embedBatchSize?: number;
  now?: () => number;
}

class Rejected extends Error {}

/**
 * Turns one KnowledgeDocument revision (from the corpus folder or the documents topic)
 * into indexed chunks, then retires older revisions: the new revision is searchable
 * before any old one stops being effective, so readers never see a gap.
 */
@Injectable()
export class DocumentIngestion {
  private readonly now: () => number;
  private readonly deps: DocumentIngestionOptions & {
    index: KnowledgeIndex;
    embeddings: EmbeddingsPort | null;
  };

  constructor(
    @Inject(KNOWLEDGE_INDEX) index: KnowledgeIndex,
    @Inject(EMBEDDINGS) embeddings: EmbeddingsPort | null,
    @Optional() @Inject(INGESTION_OPTIONS) options: DocumentIngestionOptions = {},
  ) {
    this.deps = { ...options, index, embeddings };
    this.now = options.now ?? Date.now;
  }

  async ingest(doc: KnowledgeDocument): Promise<IngestOutcome> {
    const base = {
      documentId: doc.documentId,
      revision: doc.revision,
      chunks: 0,
      superseded: [] as string[],
    };
    try {
      const meta = validate(doc, this.now());
      const contentHash = hashDocument(doc);
      const existing = await this.deps.index.getRevision(meta.documentId, meta.revision);
      if (existing?.contentHash === contentHash)
        return { ...base, outcome: 'unchanged', chunks: existing.chunkCount };

      const text = await extractText(meta.contentType, doc.content);
      const pieces = chunkText(text, {
        plainTextHeadings: meta.contentType === 'text' || meta.contentType === 'pdf',
        ...this.deps.chunker,
      });
      if (pieces.length === 0) throw new Rejected('the document has no text');

      // Indexed after a newer approved revision (corpus order, topic replay): start closed.
      let effectiveTo = meta.effectiveTo;
      let supersededBy: string | null = null;
      if (meta.status === 'approved') {
        const newer = (await this.deps.index.listRevisions(meta.documentId)).find(
          (r) =>
            r.revision !== meta.revision && r.status === 'approved' && r.effectiveFrom > meta.effectiveFrom,
        );
        if (newer && (effectiveTo === null || newer.effectiveFrom < effectiveTo)) {
          effectiveTo = newer.effectiveFrom;
          supersededBy = newer.revision;
        }
      }

      const revision: StoredRevision = {
        ...meta,
        effectiveTo,
        supersededBy,
        text,
        sourceRecordId: doc.sourceRecordId,
        contentHash,
        chunkCount: pieces.length,
        indexedAt: this.now(),
      };
      const vectors = await this.embed(pieces.map((p) => `${meta.title}\n${p.section}\n${p.text}`));
      const chunks: KnowledgeChunk[] = pieces.map((p, i) => ({
        chunkId: `${meta.documentId}@${meta.revision}#${i}`,
        documentId: meta.documentId,
        revision: meta.revision,
        kind: 'document',
        docType: meta.docType,
        title: meta.title,
        section: p.section,
        text: p.text,
        startOffset: p.start,
        endOffset: p.end,
        site: meta.site,
        line: meta.line,
        product: meta.product,
        status: meta.status,
        effectiveFrom: meta.effectiveFrom,
        effectiveTo,
        supersededBy,
        occurredAt: null,
        classification: meta.classification,
        owner: meta.owner,
        identifiers: extractIdentifiers(`${meta.title}\n${p.section}\n${p.text}`),
        embedding: vectors?.[i] ?? null,
      }));

      await this.deps.index.indexRevision(revision, chunks);
      const superseded =
        meta.status === 'approved'
          ? (await this.deps.index.supersede(meta.documentId, meta.revision, meta.effectiveFrom)).superseded
          : [];
      this.deps.log?.info(
        { documentId: meta.documentId, revision: meta.revision, chunks: chunks.length, superseded },
        'document revision indexed',
      );
      return { ...base, outcome: 'indexed', chunks: chunks.length, superseded };
    } catch (err) {
      if (err instanceof Rejected) {
        this.deps.log?.warn(
          { documentId: doc.documentId, revision: doc.revision, reason: err.message },
          'document rejected',
        );
        return { ...base, outcome: 'rejected', reason: err.message };
      }
      this.deps.log?.error(
        { err, documentId: doc.documentId, revision: doc.revision },
        'document indexing failed',
      );
      return { ...base, outcome: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Ingests a corpus oldest revision first (per document), reporting progress after
   * each document. One bad file is reported, not fatal.
   */
  async ingestAll(
    docs: readonly KnowledgeDocument[],
    onProgress?: (p: IngestProgress) => void,
  ): Promise<IngestReport> {
    const ordered = [...docs].sort(
      (a, b) =>
        a.documentId.localeCompare(b.documentId) ||
        (a.effectiveFrom?.getTime() ?? 0) - (b.effectiveFrom?.getTime() ?? 0) ||
        a.revision.localeCompare(b.revision),
    );
    const report: IngestReport = {
      total: ordered.length,
      indexed: 0,
      unchanged: 0,
      rejected: 0,
      failed: 0,
      chunks: 0,
      outcomes: [],
    };
    for (const doc of ordered) {
      const outcome = await this.ingest(doc);
      report[outcome.outcome] += 1;
      report.chunks += outcome.chunks;
      report.outcomes.push(outcome);
      onProgress?.({ done: report.outcomes.length, total: report.total, last: outcome });
    }
    return report;
  }

  private async embed(texts: string[]): Promise<number[][] | null> {
    const { embeddings, index } = this.deps;
    if (!embeddings || index.vectorDims === null) return null;
    const size = this.deps.embedBatchSize ?? 64;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size)
      out.push(...(await embeddings.embed(texts.slice(i, i + size))));
    return out;
  }
}

type ValidatedMeta = Omit<
  StoredRevision,
  'text' | 'sourceRecordId' | 'contentHash' | 'chunkCount' | 'indexedAt' | 'supersededBy'
>;

function validate(doc: KnowledgeDocument, now: number): ValidatedMeta {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(doc.documentId))
    throw new Rejected(`invalid document id "${doc.documentId}"`);
  if (!doc.revision.trim()) throw new Rejected('revision is required');
  const docType = docTypeFromProto(doc.docType);
  if (!docType) throw new Rejected('doc_type is unspecified');
  const status = statusFromProto(doc.status);
  if (!status) throw new Rejected('status is unspecified');
  const contentType = contentTypeFromProto(doc.contentType);
  if (!contentType) throw new Rejected('content_type is unspecified');
  const from = doc.effectiveFrom ?? doc.publishedAt;
  if (!from) throw new Rejected('effective_from (or published_at) is required');
  let to = doc.effectiveTo?.getTime() ?? null;
  if (to !== null && to <= from.getTime()) throw new Rejected('effective_to must be after effective_from');
  // An obsolete revision with an effective window was in force during it: kept as an
  // approved revision whose window has closed, so an as-of question about that time is
  // answered from it (readers are shown it as obsolete). Without a window it never was.
  const wasInForce = status === 'obsolete' && to !== null;
  if (wasInForce) to = Math.min(to as number, now);
  return {
    documentId: doc.documentId,
    revision: doc.revision,
    title: doc.title || doc.documentId,
    docType,
    status: wasInForce ? 'approved' : status,
    effectiveFrom: from.getTime(),
    effectiveTo: to,
    site: doc.scope?.site ?? '',
    line: doc.scope?.line ?? '',
    product: doc.scope?.product ?? '',
    classification: classificationFromProto(doc.dataClassification),
    owner: doc.owner,
    contentType,
  };
}

/** Over content and metadata: a status change of the same revision (draft -> approved) re-indexes it. */
function hashDocument(doc: KnowledgeDocument): string {
  const { content, ...meta } = doc;
  return createHash('sha256').update(JSON.stringify(meta)).update(content).digest('hex');
}
