import type { Comparable, Scalar } from '../ports/document-store.port';
import type { Condition, ParsedIndex, SortKey } from '../core/query';

export type SqlParam = string | number;

export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

interface FieldSql {
  /** the SQL value of the field (json_extract gives NULL when missing) */
  value: string;
  /** the JSON type of the field: 'null', 'true', 'false', 'integer', 'real', 'text', 'array', 'object', or NULL when missing */
  type: string;
  /** set for the NOT NULL columns, whose type is known without looking */
  column?: 'text' | 'integer';
}

// `_id` and `version` are real columns; everything else lives in the `doc` JSON. The
// path is interpolated, never a value: callers have checked it against assertFieldPath,
// and it must be literal for SQLite to match queries against expression indexes.
export function fieldSql(path: string): FieldSql {
  if (path === '_id') return { value: '_id', type: `'text'`, column: 'text' };
  if (path === 'version') return { value: 'version', type: `'integer'`, column: 'integer' };
  return { value: `json_extract(doc, '$.${path}')`, type: `json_type(doc, '$.${path}')` };
}

// The type checks give Mongo's comparison semantics: a number never equals or orders
// against a string, and `true` is not the integer 1 (json_extract returns 1 for both).
function typed(field: FieldSql, value: Comparable, op: string): SqlFragment {
  if (field.column) {
    const sameType = (typeof value === 'number') === (field.column === 'integer');
    return sameType ? { sql: `${field.value} ${op} ?`, params: [value] } : { sql: '0', params: [] };
  }
  const typeCheck =
    typeof value === 'number' ? `${field.type} IN ('integer', 'real')` : `${field.type} = 'text'`;
  return { sql: `(${typeCheck} AND ${field.value} ${op} ?)`, params: [value] };
}

function equals(field: FieldSql, value: Scalar): SqlFragment {
  if (field.column && (value === null || typeof value === 'boolean')) return { sql: '0', params: [] };
  if (value === null) return { sql: `(${field.type} IS NULL OR ${field.type} = 'null')`, params: [] };
  if (typeof value === 'boolean') return { sql: `${field.type} = ?`, params: [value ? 'true' : 'false'] };
  return typed(field, value, '=');
}

/**
 * `$in` as one SQL `IN (...)` per value type (an OR of one comparison per value would
 * nest an expression per value: SQLite refuses past a depth of 1 000, e.g. a dedupe
 * check of a 1 000-record batch); null and booleans keep their own comparisons.
 */
function inList(field: FieldSql, values: readonly Scalar[]): SqlFragment {
  const parts: SqlFragment[] = [];
  for (const kind of ['string', 'number'] as const) {
    const same = values.filter((v): v is string | number => typeof v === kind);
    if (same.length === 0) continue;
    const list = `${field.value} IN (${same.map(() => '?').join(', ')})`;
    if (field.column) {
      if ((kind === 'number') === (field.column === 'integer')) parts.push({ sql: list, params: same });
      continue;
    }
    const typeCheck = kind === 'number' ? `${field.type} IN ('integer', 'real')` : `${field.type} = 'text'`;
    parts.push({ sql: `(${typeCheck} AND ${list})`, params: same });
  }
  for (const v of values) if (v === null || typeof v === 'boolean') parts.push(equals(field, v));
  return join(parts, ' OR ', '0');
}

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

function conditionSql(condition: Condition): SqlFragment {
  const field = fieldSql(condition.path);
  switch (condition.kind) {
    case 'eq':
      return equals(field, condition.value);
    case 'in':
      return inList(field, condition.values);
    case 'range':
      return join(
        condition.bounds.map((b) => typed(field, b.value, RANGE_SQL[b.op])),
        ' AND ',
        '1',
      );
    case 'exists':
      if (field.column) return { sql: condition.exists ? '1' : '0', params: [] };
      return { sql: condition.exists ? `${field.type} IS NOT NULL` : `${field.type} IS NULL`, params: [] };
  }
}

function join(parts: SqlFragment[], separator: string, empty: string): SqlFragment {
  if (parts.length === 0) return { sql: empty, params: [] };
  return { sql: `(${parts.map((p) => p.sql).join(separator)})`, params: parts.flatMap((p) => p.params) };
}

export function whereSql(conditions: readonly Condition[]): SqlFragment {
  return join(conditions.map(conditionSql), ' AND ', '1');
}

export function orderBySql(sort: readonly SortKey[]): string {
  return sort.map((key) => `${fieldSql(key.path).value} ${key.direction === 1 ? 'ASC' : 'DESC'}`).join(', ');
}

/** The find statement; LIMIT and OFFSET are the last two parameters (LIMIT -1 is unlimited). */
export function selectSql(collection: string, where: SqlFragment, sort: readonly SortKey[]): string {
  const order = sort.length > 0 ? ` ORDER BY ${orderBySql(sort)}` : '';
  return `SELECT _id, version, doc FROM "${tableName(collection)}" WHERE ${where.sql}${order} LIMIT ? OFFSET ?`;
}

export function tableName(collection: string): string {
  return `ds_${collection}`;
}

export function createIndexSql(collection: string, index: ParsedIndex): string {
  const table = tableName(collection);
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX "${table}__${index.name}" ON "${table}" (${orderBySql(index.keys)})`;
}
