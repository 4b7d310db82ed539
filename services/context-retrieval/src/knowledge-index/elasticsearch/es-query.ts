import { classificationRank } from '../../domain/knowledge-chunk';
import type { IndexFilter, KeywordQuery } from '../knowledge-index.port';
import { queryTerms } from '../query-terms';
import type { VectorMode } from './es-mappings';

export type EsQuery = Record<string, unknown>;

/** Analysed text fields and their boosts, mirroring the SQLite bm25() column weights. */
export const TEXT_FIELDS = ['title^2', 'section^1.5', 'text'] as const;
export const IDENTIFIER_BOOST = 10;

/** The bool `filter` clauses (no scoring) that apply an IndexFilter. */
export function filterClauses(filter: IndexFilter): EsQuery[] {
  const clauses: EsQuery[] = [];
  if (filter.allowedSites !== 'all') clauses.push({ terms: { site: ['', ...filter.allowedSites] } });
  for (const [field, value] of [
    ['site', filter.site],
    ['line', filter.line],
    ['product', filter.product],
  ] as const) {
    if (value) clauses.push({ terms: { [field]: [value, ''] } });
  }
  if (filter.revision) clauses.push({ term: { revision: filter.revision } });
  if (filter.documentId) clauses.push({ term: { documentId: filter.documentId } });
  for (const [field, values] of [
    ['docType', filter.docTypes],
    ['kind', filter.kinds],
    ['status', filter.statuses],
  ] as const) {
    if (values) clauses.push({ terms: { [field]: [...values] } });
  }
  if (filter.effectiveAt !== undefined) {
    clauses.push({ range: { effectiveFrom: { lte: filter.effectiveAt } } });
    clauses.push({
      bool: {
        should: [
          { bool: { must_not: { exists: { field: 'effectiveTo' } } } },
          { range: { effectiveTo: { gt: filter.effectiveAt } } },
        ],
        minimum_should_match: 1,
      },
    });
  }
  if (filter.occurredFrom !== undefined || filter.occurredTo !== undefined) {
    clauses.push({ term: { kind: 'record' } });
    clauses.push({
      range: {
        occurredAt: {
          ...(filter.occurredFrom !== undefined ? { gte: filter.occurredFrom } : {}),
          ...(filter.occurredTo !== undefined ? { lte: filter.occurredTo } : {}),
        },
      },
    });
  }
  clauses.push({ range: { classificationRank: { lte: classificationRank(filter.maxClassification) } } });
  return clauses;
}

/**
 * BM25 over the analysed text fields plus one boosted exact `term` per identifier on
 * the keyword field, so a chunk naming every identifier of the query outranks one
 * naming some, and both outrank chunks sharing only common words.
 */
export function keywordQuery(query: KeywordQuery, filter: IndexFilter): EsQuery | null {
  const terms = queryTerms(query.text);
  const should: EsQuery[] = [];
  if (terms.length)
    should.push({
      multi_match: {
        query: terms.join(' '),
        fields: [...TEXT_FIELDS],
        type: 'best_fields',
        tie_breaker: 0.3,
      },
    });
  for (const id of new Set(query.identifiers))
    should.push({ term: { identifiers: { value: id, boost: IDENTIFIER_BOOST } } });
  if (!should.length) return null;
  return { bool: { filter: filterClauses(filter), should, minimum_should_match: 1 } };
}

// Same value as cosineSimilarity() + 1, read from _source (no dense_vector type available).
const SOURCE_COSINE = `def e = params._source.embedding;
double dot = 0.0; double ne = 0.0;
for (int i = 0; i < e.size(); ++i) { double x = e.get(i); dot += x * params.v.get(i); ne += x * x; }
return ne == 0.0 || params.qn == 0.0 ? 1.0 : dot / (Math.sqrt(ne) * params.qn) + 1.0;`;

/** Exact cosine similarity over the filtered set (ES 7.10 has no approximate kNN). */
export function vectorQuery(vector: readonly number[], filter: IndexFilter, mode: VectorMode): EsQuery {
  const v = [...vector];
  return {
    script_score: {
      query: { bool: { filter: [...filterClauses(filter), { term: { hasEmbedding: true } }] } },
      // +1 because script_score may not return negative scores.
      script:
        mode === 'dense_vector'
          ? { source: "cosineSimilarity(params.v, 'embedding') + 1.0", params: { v } }
          : { source: SOURCE_COSINE, params: { v, qn: Math.sqrt(v.reduce((s, x) => s + x * x, 0)) } },
    },
  };
}
