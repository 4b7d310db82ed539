export type DocumentStoreErrorCode =
  /** a collection, index or field name outside the allowed pattern */
  | 'invalid-name'
  /** a filter, sort, limit or skip the port does not define */
  | 'invalid-query'
  /** a document or patch that is not plain JSON, or lacks a unique-indexed field */
  | 'invalid-document'
  /** a conditional update that would violate a unique index */
  | 'duplicate-key'
  /** an index name re-declared with a different definition */
  | 'index-conflict';

/** Raised for caller mistakes and constraint violations; infrastructure errors pass through. */
export class DocumentStoreError extends Error {
  constructor(
    readonly code: DocumentStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentStoreError';
  }
}
