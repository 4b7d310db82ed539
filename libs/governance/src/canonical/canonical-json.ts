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

/** Where the walk is: object keys and array indexes from the root, for error paths only. */
interface Walk {
  path: (string | number)[];
  ancestors: Set<object>;
}

export function canonicalize(value: unknown): string {
  const sorted = sortedCopy(value, new Set<object>());
  // The copy's keys are in JCS order and its values are what JSON writes as they are, so
  // one native JSON.stringify writes it (twice as fast as assembling the text here).
  if (sorted !== NOT_SIMPLE) return JSON.stringify(sorted);
  return write(value, { path: [], ancestors: new Set<object>() });
}

const NOT_SIMPLE = Symbol('not simple');
/** Keys an object enumerates before all others (array indexes), whatever their insertion order. */
const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/**
 * A copy with every object's keys inserted in sorted order, or NOT_SIMPLE when the value
 * holds anything the copy would not reproduce exactly: something canonicalize refuses
 * (the walk below then names it), an index-like key (enumerated first regardless of
 * insertion) or `__proto__` (assigning it sets the prototype).
 */
function sortedCopy(value: unknown, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? value : NOT_SIMPLE;
    case 'number':
      return Number.isFinite(value) ? value : NOT_SIMPLE;
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      if (ancestors.has(value)) return NOT_SIMPLE;
      ancestors.add(value);
      const copy = Array.isArray(value) ? sortedArray(value, ancestors) : sortedObject(value, ancestors);
      ancestors.delete(value);
      return copy;
    }
    default:
      return NOT_SIMPLE;
  }
}

function sortedArray(value: readonly unknown[], ancestors: Set<object>): unknown {
  const copy = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = sortedCopy(value[i], ancestors);
    if (item === NOT_SIMPLE) return NOT_SIMPLE;
    copy[i] = item;
  }
  return copy;
}

function sortedObject(value: object, ancestors: Set<object>): unknown {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return NOT_SIMPLE;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (key === '__proto__' || INDEX_LIKE.test(key) || !key.isWellFormed()) return NOT_SIMPLE;
    const item = sortedCopy(record[key], ancestors);
    if (item === NOT_SIMPLE) return NOT_SIMPLE;
    copy[key] = item;
  }
  return copy;
}

/** `$.a.b[2]`: built only when something is refused, so the happy path allocates no paths. */
function pathOf(walk: Walk, last?: string): string {
  let out = '$';
  for (const step of walk.path) out += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return last === undefined ? out : `${out}.${last}`;
}

function write(value: unknown, walk: Walk): string {
  switch (typeof value) {
    case 'string':
      // isWellFormed: no lone surrogate, which JSON.stringify would escape differently per engine.
      if (!value.isWellFormed())
        throw new CanonicalizationError(pathOf(walk), 'string contains a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalizationError(pathOf(walk), `${value} is not a finite number`);
      // JSON.stringify already yields the shortest round-trip form and writes -0 as 0.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, walk);
    default:
      throw new CanonicalizationError(pathOf(walk), `${typeof value} has no JSON form`);
  }
}

function writeContainer(value: object, walk: Walk): string {
  if (walk.ancestors.has(value)) throw new CanonicalizationError(pathOf(walk), 'cyclic reference');
  walk.ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      // join, not +=: a flat string, where += leaves a rope of pieces for the GC to chase.
      const items = new Array<string>(value.length);
      for (let i = 0; i < value.length; i++) {
        walk.path.push(i);
        items[i] = write(value[i], walk);
        walk.path.pop();
      }
      return `[${items.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalizationError(pathOf(walk), `${name} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is exactly what JCS prescribes.
    const keys = Object.keys(record).sort();
    const members = new Array<string>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!key.isWellFormed())
        throw new CanonicalizationError(pathOf(walk, key), 'key contains a lone surrogate');
      walk.path.push(key);
      members[i] = `${JSON.stringify(key)}:${write(record[key], walk)}`;
      walk.path.pop();
    }
    return `{${members.join(',')}}`;
  } finally {
    walk.ancestors.delete(value);
  }
}
