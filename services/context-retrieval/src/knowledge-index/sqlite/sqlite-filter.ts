import { classificationRank } from '../../domain/knowledge-chunk';
import { compactIdentifier } from '../../domain/identifiers';
import type { IndexFilter, KeywordQuery } from '../knowledge-index.port';
import { queryTerms } from '../query-terms';

export type SqlParam = string | number | bigint | Buffer | null;

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** The WHERE clause (over table alias `c`) that applies an IndexFilter. */
export function filterSql(filter: IndexFilter): { sql: string; params: SqlParam[] } {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (filter.allowedSites !== 'all') {
    if (filter.allowedSites.length === 0) parts.push(`c.site = ''`);
    else {
      parts.push(`(c.site = '' OR c.site IN (${placeholders(filter.allowedSites)}))`);
      params.push(...filter.allowedSites);
    }
  }
  for (const [column, value] of [
    ['site', filter.site],
    ['line', filter.line],
    ['product', filter.product],
  ] as const) {
    if (value) {
      parts.push(`(c.${column} = ? OR c.${column} = '')`);
      params.push(value);
    }
  }
  if (filter.revision) {
    parts.push('c.revision = ?');
    params.push(filter.revision);
  }
  if (filter.documentId) {
    parts.push('c.document_id = ?');
    params.push(filter.documentId);
  }
  for (const [column, values] of [
    ['doc_type', filter.docTypes],
    ['kind', filter.kinds],
    ['status', filter.statuses],
  ] as const) {
    if (values) {
      parts.push(values.length === 0 ? '0' : `c.${column} IN (${placeholders(values)})`);
      params.push(...values);
    }
  }
  if (filter.effectiveAt !== undefined) {
    parts.push('c.effective_from <= ? AND (c.effective_to IS NULL OR c.effective_to > ?)');
    params.push(filter.effectiveAt, filter.effectiveAt);
  }
  if (filter.occurredFrom !== undefined || filter.occurredTo !== undefined) {
    parts.push(`c.kind = 'record' AND c.occurred_at IS NOT NULL`);
    if (filter.occurredFrom !== undefined) {
      parts.push('c.occurred_at >= ?');
      params.push(filter.occurredFrom);
    }
    if (filter.occurredTo !== undefined) {
      parts.push('c.occurred_at <= ?');
      params.push(filter.occurredTo);
    }
  }
  parts.push('c.classification_rank <= ?');
  params.push(classificationRank(filter.maxClassification));
  return { sql: parts.join(' AND '), params };
}

/**
 * An FTS5 MATCH expression: the query's words (OR'ed; BM25 rewards chunks with more of
 * them) over title/section/body, and its identifiers over the `idents` column, where
 * they are stored compacted ("a-200" -> "a200") because unicode61 splits on hyphens.
 * Every term is quoted, so user text can never be FTS5 syntax.
 */
export function matchExpression(query: KeywordQuery): string | null {
  const words = queryTerms(query.text).map((t) => `"${t}"`);
  const ids = [...new Set(query.identifiers.map(compactIdentifier).filter((t) => t.length > 0))].map((t) => `"${t}"`);
  const clauses: string[] = [];
  if (words.length) clauses.push(`{title section body} : (${words.join(' OR ')})`);
  if (ids.length) clauses.push(`idents : (${ids.join(' OR ')})`);
  return clauses.length ? clauses.join(' OR ') : null;
}
