import { CLASSIFICATIONS, type KnowledgeChunk } from '../../domain/knowledge-chunk';
import type { ScoredChunk } from '../knowledge-index.port';
import { assertDims } from '../vector-dims';

/**
 * A chunk as Elasticsearch and OpenSearch store it (both engines share the 7.10 document
 * model): the classification as a rank so `lte` filters work, and a flag for the vector.
 */
export type ChunkSource = Omit<KnowledgeChunk, 'classification' | 'embedding'> & {
  classificationRank: number;
  hasEmbedding: boolean;
  embedding?: number[];
};

export interface SearchBody<S> {
  hits: { hits: { _id: string; _score: number | null; _source: S }[] };
}

export interface BulkBody {
  errors: boolean;
  items: Record<string, { _id: string; status: number; error?: { type: string; reason: string } }>[];
}

/** Largest `size` one search may ask for (index.max_result_window). */
export const MAX_SEARCH = 10_000;

export function revisionId(documentId: string, revision: string): string {
  return `${documentId}@${revision}`;
}

/** `storable` decides whether a vector is kept (an engine may refuse some, e.g. all zeros for cosine HNSW). */
export function toSource(
  chunk: KnowledgeChunk,
  dims: number | null,
  storable: (v: readonly number[]) => boolean = () => true,
): ChunkSource {
  const { classification, embedding, ...rest } = chunk;
  const source: ChunkSource = {
    ...rest,
    classificationRank: CLASSIFICATIONS.indexOf(classification) + 1,
    hasEmbedding: false,
  };
  if (dims !== null && embedding) {
    assertDims(embedding, dims);
    if (storable(embedding)) {
      source.embedding = embedding;
      source.hasEmbedding = true;
    }
  }
  return source;
}

export function fromSource(source: ChunkSource): ScoredChunk['chunk'] {
  const { classificationRank, embedding: _embedding, hasEmbedding: _has, ...rest } = source;
  return { ...rest, classification: CLASSIFICATIONS[classificationRank - 1] ?? 'restricted' };
}

/** Builds the bulk error message from a bulk response with `errors: true`. */
export function bulkFailure(body: BulkBody): Error {
  const failed = body.items.flatMap((item) => Object.values(item)).filter((r) => r.error);
  return new Error(
    `bulk indexing failed for ${failed.length} chunk(s): ${failed
      .slice(0, 3)
      .map((f) => `${f._id}: ${f.error?.reason}`)
      .join('; ')}`,
  );
}
