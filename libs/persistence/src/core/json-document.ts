import { DocumentStoreError } from '../document-store.errors';
import { assertDocumentId, assertTopLevelField } from './names';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Fields the store owns; callers never set them through a patch. */
const STORE_FIELDS = new Set(['_id', 'version']);

function invalid(where: string, problem: string): DocumentStoreError {
  return new DocumentStoreError('invalid-document', `${where}: ${problem}`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Copies the value as plain JSON, so both adapters store (and return) the same thing
// and a caller mutating its object afterwards cannot change what was stored.
function toJson(value: unknown, where: string): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(where, 'numbers must be finite');
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const json = toJson(item, `${where}[${i}]`);
      if (json === undefined) throw invalid(`${where}[${i}]`, 'arrays may not hold undefined');
      return json;
    });
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('$') || key.includes('.') || key.includes('\0')) {
        throw invalid(where, `key ${JSON.stringify(key)} may not start with "$" or contain "." or NUL`);
      }
      const json = toJson(item, `${where}.${key}`);
      if (json !== undefined) out[key] = json;
    }
    return out;
  }
  const kind = value instanceof Date ? 'Date (store an ISO string or epoch ms)' : typeof value;
  throw invalid(where, `${kind} is not plain JSON`);
}

export function valueAtPath(value: JsonValue | undefined, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const segment of path.split('.')) {
    if (current === undefined || current === null || typeof current !== 'object' || Array.isArray(current))
      return undefined;
    current = Object.hasOwn(current, segment) ? current[segment] : undefined;
  }
  return current;
}

function assertUniqueFieldsPresent(doc: JsonObject, uniquePaths: readonly string[], where: string): void {
  for (const path of uniquePaths) {
    const value = valueAtPath(doc, path);
    if (value === undefined || value === null)
      throw invalid(where, `unique-indexed field "${path}" must be present and non-null`);
  }
}

/** The stored form of a new document, without `version` (the store sets it to 1). */
export function normalizeDocument(
  doc: unknown,
  uniquePaths: readonly string[],
): JsonObject & { _id: string } {
  if (!isPlainObject(doc)) throw invalid('document', 'must be a plain object');
  const json = toJson(doc, 'document') as JsonObject;
  assertDocumentId(json['_id']);
  delete json['version'];
  assertUniqueFieldsPresent(json, uniquePaths, 'document');
  return json as JsonObject & { _id: string };
}

/** The top-level fields a conditional update sets; undefined values are dropped. */
export function normalizePatch(patch: unknown, uniquePaths: readonly string[]): JsonObject {
  if (!isPlainObject(patch)) throw invalid('patch', 'must be a plain object');
  for (const key of Object.keys(patch)) {
    assertTopLevelField(key);
    if (STORE_FIELDS.has(key)) throw invalid('patch', `"${key}" is owned by the store`);
  }
  const json = toJson(patch, 'patch') as JsonObject;
  const touched = uniquePaths.filter((path) => Object.hasOwn(json, path.split('.')[0] ?? ''));
  assertUniqueFieldsPresent(json, touched, 'patch');
  return json;
}

/** JSON with object keys sorted, so equal documents give equal strings whatever the key order. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
}
