import { DocumentStoreError } from '../document-store.errors';
import type { Filter } from '../ports/document-store.port';
import { type Condition, parseFilter } from './query';

/** A compare-and-set guard; `_id` and `version` are the store's own conditions. */
export function parseGuard(guard: Filter | undefined): Condition[] {
  const conditions = parseFilter(guard ?? {});
  const owned = conditions.find((c) => c.path === '_id' || c.path === 'version');
  if (owned) throw new DocumentStoreError('invalid-query', `a guard may not constrain "${owned.path}"`);
  return conditions;
}

export function assertExpectedVersion(version: unknown): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new DocumentStoreError('invalid-query', 'expectedVersion must be a positive integer');
  }
}
