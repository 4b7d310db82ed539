import { mongo } from 'mongoose';

const INDEX_CONFLICT_CODES = new Set([85, 86]);

export function isDuplicateKeyError(err: unknown): boolean {
  return err instanceof mongo.MongoServerError && err.code === 11000;
}

/** IndexOptionsConflict / IndexKeySpecsConflict: a name re-declared with another definition. */
export function isIndexConflictError(err: unknown): boolean {
  return err instanceof mongo.MongoServerError && typeof err.code === 'number' && INDEX_CONFLICT_CODES.has(err.code);
}
