import type { Condition, SortKey } from '../core/query';

/** Rebuilt from validated conditions, so no caller-supplied operator reaches the server. */
export function toMongoFilter(conditions: readonly Condition[]): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const c of conditions) {
    switch (c.kind) {
      case 'eq':
        filter[c.path] = c.value;
        break;
      case 'in':
        filter[c.path] = { $in: [...c.values] };
        break;
      case 'range':
        filter[c.path] = Object.fromEntries(c.bounds.map((b) => [b.op, b.value]));
        break;
      case 'exists':
        filter[c.path] = { $exists: c.exists };
        break;
    }
  }
  return filter;
}

export function toMongoSort(sort: readonly SortKey[]): Record<string, 1 | -1> {
  return Object.fromEntries(sort.map((key) => [key.path, key.direction]));
}
