import { DocumentStoreError } from '../document-store.errors';
import type { InsertManyOptions } from '../ports/document-store.port';

/** The port defines ordered runs only; a plain-JS caller asking for anything else is told so. */
export function assertOrdered(options: InsertManyOptions | undefined): void {
  if (options?.ordered !== true) {
    throw new DocumentStoreError('invalid-query', 'insertMany needs { ordered: true }');
  }
}
