/** Index templates, so an index re-created by an operator gets the same mappings. */

/**
 * How vectors are stored. `dense_vector` is an x-pack (basic licence) mapping type: the
 * default distribution has it, an OSS build (like the test node) does not. There the
 * vector stays in _source and a Painless script computes the same cosine similarity.
 */
export type VectorMode = 'dense_vector' | 'source';

export function chunksTemplate(
  pattern: string,
  vectorDims: number | null,
  mode: VectorMode = 'dense_vector',
): Record<string, unknown> {
  const embedding =
    mode === 'dense_vector'
      ? { type: 'dense_vector', dims: vectorDims }
      : { type: 'float', index: false, doc_values: false };
  return {
    index_patterns: [pattern],
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' },
      mappings: {
        dynamic: 'strict',
        properties: {
          chunkId: { type: 'keyword' },
          documentId: { type: 'keyword' },
          revision: { type: 'keyword' },
          kind: { type: 'keyword' },
          docType: { type: 'keyword' },
          // english: stemming and stopwords, like SQLite's porter tokenizer.
          title: { type: 'text', analyzer: 'english' },
          section: { type: 'text', analyzer: 'english' },
          text: { type: 'text', analyzer: 'english' },
          startOffset: { type: 'integer' },
          endOffset: { type: 'integer' },
          site: { type: 'keyword' },
          line: { type: 'keyword' },
          product: { type: 'keyword' },
          status: { type: 'keyword' },
          effectiveFrom: { type: 'long' },
          effectiveTo: { type: 'long' },
          supersededBy: { type: 'keyword' },
          occurredAt: { type: 'long' },
          classificationRank: { type: 'byte' },
          owner: { type: 'keyword' },
          identifiers: { type: 'keyword' },
          hasEmbedding: { type: 'boolean' },
          ...(vectorDims !== null ? { embedding } : {}),
        },
      },
    },
  };
}

export function revisionsTemplate(pattern: string): Record<string, unknown> {
  return {
    index_patterns: [pattern],
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        // The revision text is kept in _source for click-through, never searched.
        dynamic: false,
        properties: {
          documentId: { type: 'keyword' },
          revision: { type: 'keyword' },
          effectiveFrom: { type: 'long' },
          effectiveTo: { type: 'long' },
        },
      },
    },
  };
}
