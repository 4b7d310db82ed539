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
