import { chunksTemplate } from '../elasticsearch/es-mappings';

/**
 * How OpenSearch holds vectors. `knn`: a `knn_vector` field on the k-NN plugin's Lucene
 * HNSW engine (pure Java; the faiss and nmslib engines need the plugin's native
 * libraries), searched with the plugin's `knn` query and its filter inside the graph
 * walk. `source`: a node without the k-NN plugin keeps the vector in `_source` and
 * scores it with the same Painless cosine as Elasticsearch's OSS mode.
 */
export type OpenSearchVectorMode = 'knn' | 'source';

/** HNSW graph parameters (Lucene engine defaults are m 16, ef_construction 100). */
export const HNSW = { m: 16, ef_construction: 128 } as const;

/** The chunk template: the Elasticsearch mappings, with the vector field for `mode`. */
export function openSearchChunksTemplate(
  pattern: string,
  vectorDims: number | null,
  mode: OpenSearchVectorMode,
): Record<string, unknown> {
  const base = chunksTemplate(pattern, vectorDims, 'source') as {
    template: { settings: Record<string, unknown>; mappings: { properties: Record<string, unknown> } };
  };
  if (mode === 'source' || vectorDims === null) return base;
  base.template.settings = { ...base.template.settings, 'index.knn': true };
  base.template.mappings.properties['embedding'] = {
    type: 'knn_vector',
    dimension: vectorDims,
    method: { name: 'hnsw', space_type: 'cosinesimil', engine: 'lucene', parameters: HNSW },
  };
  return base;
}
