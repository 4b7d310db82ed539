import { DocumentStoreError } from '../document-store.errors';
import type { Comparable, Filter, FindOptions, IndexSpec, Scalar } from '../ports/document-store.port';
import { isPlainObject } from './json-document';
import { assertFieldPath, assertIndexName } from './names';

export type RangeOperator = '$gt' | '$gte' | '$lt' | '$lte';
const RANGE_OPERATORS: readonly RangeOperator[] = ['$gt', '$gte', '$lt', '$lte'];

/** A validated filter condition; adapters translate these, never the raw caller object. */
export type Condition =
  | { path: string; kind: 'eq'; value: Scalar }
  | { path: string; kind: 'in'; values: Scalar[] }
  | { path: string; kind: 'range'; bounds: Array<{ op: RangeOperator; value: Comparable }> }
  | { path: string; kind: 'exists'; exists: boolean };

export interface SortKey {
  path: string;
  direction: 1 | -1;
}

export interface ParsedFindOptions {
  sort: SortKey[];
  limit?: number;
  skip: number;
}

function invalid(message: string): DocumentStoreError {
  return new DocumentStoreError('invalid-query', message);
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function parseCondition(path: string, raw: unknown): Condition {
  if (isScalar(raw)) return { path, kind: 'eq', value: raw };
  if (!isPlainObject(raw)) throw invalid(`condition on "${path}" must be a scalar or an operator object`);
  const keys = Object.keys(raw);
  if (keys.length === 1 && keys[0] === '$in') {
    const values = raw['$in'];
    if (!Array.isArray(values) || !values.every(isScalar))
      throw invalid(`$in on "${path}" must be an array of scalars`);
    return { path, kind: 'in', values: [...values] };
  }
  if (keys.length === 1 && keys[0] === '$exists') {
    const exists = raw['$exists'];
    if (typeof exists !== 'boolean') throw invalid(`$exists on "${path}" must be a boolean`);
    return { path, kind: 'exists', exists };
  }
  if (keys.length > 0 && keys.every((k) => (RANGE_OPERATORS as readonly string[]).includes(k))) {
    const bounds = keys.map((op) => {
      const value = raw[op];
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
        throw invalid(`${op} on "${path}" must compare with a finite number or a string`);
      }
      return { op: op as RangeOperator, value };
    });
    return { path, kind: 'range', bounds };
  }
  throw invalid(`unsupported condition on "${path}": ${JSON.stringify(raw)}`);
}

export function parseFilter(filter: Filter): Condition[] {
  if (!isPlainObject(filter)) throw invalid('filter must be a plain object');
  return Object.entries(filter).map(([path, raw]) => {
    assertFieldPath(path);
    return parseCondition(path, raw);
  });
}

function nonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${name} must be a non-negative integer`);
  }
  return value;
}

export function parseFindOptions(options: FindOptions = {}): ParsedFindOptions {
  const sort: SortKey[] = Object.entries(options.sort ?? {}).map(([path, direction]) => {
    assertFieldPath(path);
    if (direction !== 1 && direction !== -1) throw invalid(`sort direction for "${path}" must be 1 or -1`);
    return { path, direction };
  });
  const parsed: ParsedFindOptions = {
    sort,
    skip: options.skip === undefined ? 0 : nonNegativeInteger('skip', options.skip),
  };
  if (options.limit !== undefined) parsed.limit = nonNegativeInteger('limit', options.limit);
  return parsed;
}

export interface ParsedIndex {
  name: string;
  unique: boolean;
  keys: SortKey[];
}

export function parseIndexes(indexes: readonly IndexSpec[] = []): ParsedIndex[] {
  const names = new Set<string>();
  return indexes.map((spec) => {
    assertIndexName(spec.name);
    if (names.has(spec.name))
      throw new DocumentStoreError('index-conflict', `index "${spec.name}" declared twice`);
    names.add(spec.name);
    const keys = Object.entries(spec.fields ?? {}).map(([path, direction]) => {
      assertFieldPath(path);
      if (direction !== 1 && direction !== -1)
        throw invalid(`index "${spec.name}" direction for "${path}" must be 1 or -1`);
      return { path, direction };
    });
    if (keys.length === 0) throw invalid(`index "${spec.name}" has no fields`);
    return { name: spec.name, unique: spec.unique === true, keys };
  });
}

/** Every field path a unique index covers; documents must carry each of them. */
export function uniquePaths(indexes: readonly ParsedIndex[]): string[] {
  return [...new Set(indexes.filter((i) => i.unique).flatMap((i) => i.keys.map((k) => k.path)))].filter(
    (p) => p !== '_id',
  );
}
