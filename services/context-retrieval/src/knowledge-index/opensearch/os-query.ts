import type { IndexFilter } from '../knowledge-index.port';
import { filterClauses, vectorQuery, type EsQuery } from '../elasticsearch/es-query';
import type { OpenSearchVectorMode } from './os-mappings';

/**
 * Vector query. `knn` mode: the k-NN plugin's query with the governed filter as its
 * `filter`, which Lucene applies while walking the HNSW graph (and answers exactly when
 * the filter leaves fewer than k chunks), so a chunk the caller may not see never takes
 * one of the k places. `source` mode: the Elasticsearch script_score query.
 */
export function openSearchVectorQuery(
  vector: readonly number[],
  filter: IndexFilter,
  k: number,
  mode: OpenSearchVectorMode,
): EsQuery {
  if (mode === 'source') return vectorQuery(vector, filter, 'source');
  return {
    knn: {
      embedding: {
        vector: [...vector],
        k,
        filter: { bool: { filter: [...filterClauses(filter), { term: { hasEmbedding: true } }] } },
      },
    },
  };
}

/**
 * The port's score is cosine similarity. Lucene's cosine HNSW scores (1 + cos) / 2; the
 * Painless script returns cos + 1.
 */
export function cosineFromScore(score: number, mode: OpenSearchVectorMode): number {
  return mode === 'knn' ? 2 * score - 1 : score - 1;
}

/** Cosine is undefined for an all-zero vector, and Lucene's cosine HNSW refuses one. */
export function isZeroVector(vector: readonly number[]): boolean {
  return vector.every((x) => x === 0);
}
