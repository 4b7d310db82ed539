import { classificationRank } from '../../domain/knowledge-chunk';
import { compactIdentifier } from '../../domain/identifiers';
import type { KnowledgeChunk } from '../../domain/knowledge-chunk';
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
  // `IN (?, '')` rather than `= ? OR = ''`: the planner turns IN into lookups on the
  // (site, line, doc_type) index, an OR it may not.
  if (filter.allowedSites !== 'all') {
    parts.push(`c.site IN (${placeholders(['', ...filter.allowedSites])})`);
    params.push('', ...filter.allowedSites);
  }
  for (const [column, value] of [
    ['site', filter.site],
    ['line', filter.line],
    ['product', filter.product],
  ] as const) {
    if (value) {
      parts.push(`c.${column} IN (?, '')`);
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
 * The pieces of an identifier stay in the word query too ("temp", "hi" of TEMP_HI): they
 * break ties between chunks that all name the identifier (dropping them put an SOP above
 * the alarm record in the contract suite).
 * With a filter, its equality parts are ANDed in as scope tokens (below).
 * Every term is quoted, so user text can never be FTS5 syntax.
 */
export function matchExpression(query: KeywordQuery, filter?: IndexFilter): string | null {
  const words = queryTerms(query.text).map((t) => `"${t}"`);
  const ids = [...new Set(query.identifiers.map(compactIdentifier).filter((t) => t.length > 0))].map(
    (t) => `"${t}"`,
  );
  const clauses: string[] = [];
  if (words.length) clauses.push(`{title section body} : (${words.join(' OR ')})`);
  if (ids.length) clauses.push(`idents : (${ids.join(' OR ')})`);
  if (!clauses.length) return null;
  const scope = filter ? scopeClauses(filter) : [];
  return scope.length ? [`(${clauses.join(' OR ')})`, ...scope].join(' AND ') : clauses.join(' OR ');
}

/*
 * Filter pushdown into FTS5. Each chunk's equality metadata is also indexed as tokens in
 * the `scope` column (weight 0 in bm25), and a search ANDs the filter's values into the
 * MATCH. FTS5 then intersects posting lists and computes bm25 only for chunks inside the
 * filter, instead of for every chunk sharing a common word (at 100k chunks, tens of
 * thousands), each then joined to `chunks` only to be filtered out. The tokens are a
 * prefilter: the SQL WHERE clause still decides (compaction could merge two values).
 * Only selective parts are pushed (site, line, product, type): every scope phrase is one
 * more phrase bm25 walks for each matching chunk, and status/kind select little.
 */
const SCOPE_PREFIX = {
  site: 'zs',
  line: 'zl',
  product: 'zp',
  docType: 'zt',
  status: 'zx',
  kind: 'zk',
} as const;

function scopeToken(prefix: string, value: string): string {
  return `${prefix}${value.toLowerCase().replace(/[^a-z0-9]/g, '') || 'none'}`;
}

/** The `scope` column text of a chunk. */
export function scopeText(
  c: Pick<KnowledgeChunk, 'site' | 'line' | 'product' | 'docType' | 'status' | 'kind'>,
): string {
  return [
    scopeToken(SCOPE_PREFIX.site, c.site),
    scopeToken(SCOPE_PREFIX.line, c.line),
    scopeToken(SCOPE_PREFIX.product, c.product),
    scopeToken(SCOPE_PREFIX.docType, c.docType),
    scopeToken(SCOPE_PREFIX.status, c.status),
    scopeToken(SCOPE_PREFIX.kind, c.kind),
  ].join(' ');
}

function anyOf(prefix: string, values: readonly string[]): string {
  return `scope : (${[...new Set(values.map((v) => `"${scopeToken(prefix, v)}"`))].join(' OR ')})`;
}

function scopeClauses(filter: IndexFilter): string[] {
  const out: string[] = [];
  const siteImpliesAllowed =
    filter.site && (filter.allowedSites === 'all' || filter.allowedSites.includes(filter.site));
  if (filter.allowedSites !== 'all' && !siteImpliesAllowed)
    out.push(anyOf(SCOPE_PREFIX.site, ['', ...filter.allowedSites]));
  if (filter.site) out.push(anyOf(SCOPE_PREFIX.site, [filter.site, '']));
  if (filter.line) out.push(anyOf(SCOPE_PREFIX.line, [filter.line, '']));
  if (filter.product) out.push(anyOf(SCOPE_PREFIX.product, [filter.product, '']));
  // An empty list matches nothing; the WHERE clause says so ('0'), FTS5 cannot.
  if (filter.docTypes?.length) out.push(anyOf(SCOPE_PREFIX.docType, filter.docTypes));
  return out;
}
