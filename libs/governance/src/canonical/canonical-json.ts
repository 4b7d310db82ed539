/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by UTF-16 code
 * units, no insignificant whitespace, numbers in the ECMAScript shortest round-trip
 * form, strings escaped as JSON.stringify does. Anything that JSON would silently drop
 * or rewrite (undefined, functions, NaN, Infinity, Dates, Maps, cycles, lone
 * surrogates) is refused, because a hash over a value that changes on the way through
 * JSON would bind to something nobody can reproduce.
 */
export class CanonicalizationError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot canonicalize ${path}: ${reason}`);
    this.name = 'CanonicalizationError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalize(value: unknown): string {
  return write(value, '$', new Set<object>());
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(path, 'string contains a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(path, `${value} is not a finite number`);
      // JSON.stringify already yields the shortest round-trip form and writes -0 as 0.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, path, ancestors);
    default:
      throw new CanonicalizationError(path, `${typeof value} has no JSON form`);
  }
}

function writeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new CanonicalizationError(path, 'cyclic reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item, i) => write(item, `${path}[${i}]`, ancestors)).join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalizationError(path, `${name} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is exactly what JCS prescribes.
    const keys = Object.keys(record).sort();
    const members = keys.map((key) => {
      const childPath = `${path}.${key}`;
      if (LONE_SURROGATE.test(key)) throw new CanonicalizationError(childPath, 'key contains a lone surrogate');
      return `${JSON.stringify(key)}:${write(record[key], childPath, ancestors)}`;
    });
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
