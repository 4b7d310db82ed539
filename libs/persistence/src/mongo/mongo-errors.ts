import { mongo } from 'mongoose';

const INDEX_CONFLICT_CODES = new Set([85, 86]);
const INTERNAL_ERROR = 1;

/**
 * E11000 from MongoDB and from FerretDB inserts. FerretDB v1 reports a unique violation
 * on update or index build as InternalError (1) carrying SQLite's message instead.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (!(err instanceof mongo.MongoServerError)) return false;
  if (err.code === 11000) return true;
  return err.code === INTERNAL_ERROR && err.message.includes('UNIQUE constraint failed');
}

/** IndexOptionsConflict / IndexKeySpecsConflict: a name re-declared with another definition. */
export function isIndexConflictError(err: unknown): boolean {
  return (
    err instanceof mongo.MongoServerError &&
    typeof err.code === 'number' &&
    INDEX_CONFLICT_CODES.has(err.code)
  );
}

/**
 * The index (within the request) of the document an ordered insertMany stopped at, when
 * it stopped at a duplicate key; null for any other failure (which the caller rethrows).
 * MongoDB reports one write error for an ordered run; FerretDB v1 may report several
 * (see insertMany in the adapter), so the lowest index is the one that stopped the run.
 */
export function firstDuplicateIndex(err: unknown): number | null {
  if (!(err instanceof mongo.MongoBulkWriteError)) return null;
  const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  const first = errors.reduce<mongo.WriteError | undefined>(
    (min, e) => (min === undefined || e.index < min.index ? e : min),
    undefined,
  );
  if (!first || !isDuplicateCode(first.code, first.errmsg)) return null;
  return first.index;
}

function isDuplicateCode(code: number, message: string | undefined): boolean {
  return code === 11000 || (code === INTERNAL_ERROR && (message ?? '').includes('UNIQUE constraint failed'));
}
