import { DocumentStoreError } from '../document-store.errors';

// Collection, index and field names end up inside SQL identifiers and JSON paths
// (SQLite) or as query keys (Mongo, where a leading `$` would be an operator), so they
// are checked against strict patterns instead of being escaped.
const COLLECTION_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const MAX_COLLECTION_NAME = 48;
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_FIELD_PATH = 200;
const MAX_ID_LENGTH = 512;

export function assertCollectionName(name: string): void {
  if (typeof name !== 'string' || name.length > MAX_COLLECTION_NAME || !COLLECTION_NAME.test(name)) {
    throw new DocumentStoreError(
      'invalid-name',
      `collection name ${JSON.stringify(name)} must be lower snake_case (${COLLECTION_NAME.source}), at most ${MAX_COLLECTION_NAME} characters`,
    );
  }
}

export function assertIndexName(name: string): void {
  if (typeof name !== 'string' || name.length > MAX_COLLECTION_NAME || !COLLECTION_NAME.test(name)) {
    throw new DocumentStoreError(
      'invalid-name',
      `index name ${JSON.stringify(name)} must be lower snake_case`,
    );
  }
}

/** A dotted path such as `source.eventId`; each segment is an identifier. */
export function assertFieldPath(path: string): void {
  if (
    typeof path !== 'string' ||
    path.length > MAX_FIELD_PATH ||
    !path.split('.').every((s) => FIELD_SEGMENT.test(s))
  ) {
    throw new DocumentStoreError(
      'invalid-name',
      `field path ${JSON.stringify(path)} must be dotted identifiers`,
    );
  }
}

/** A patch key: one identifier, no dots. */
export function assertTopLevelField(name: string): void {
  if (typeof name !== 'string' || name.length > MAX_FIELD_PATH || !FIELD_SEGMENT.test(name)) {
    throw new DocumentStoreError('invalid-name', `field name ${JSON.stringify(name)} must be an identifier`);
  }
}

export function assertDocumentId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new DocumentStoreError(
      'invalid-document',
      `_id must be a non-empty string of at most ${MAX_ID_LENGTH} characters`,
    );
  }
}
