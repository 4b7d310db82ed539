import type { DocumentCollection, DocumentStore, IndexSpec, Versioned } from '../ports/document-store.port';

/** What each part of the contract suite gets: the store under test and fresh collections. */
export interface ContractContext {
  store(): DocumentStore;
  /** a collection no other test touches */
  fresh<T extends Versioned>(indexes?: IndexSpec[]): Promise<DocumentCollection<T>>;
}

export interface Item extends Versioned {
  kind: string;
  n?: number | string | boolean | null;
  flag?: boolean;
  status?: string;
  at?: string;
  tags?: string[];
  meta?: { site?: string; line?: { no: number } };
}

/** Rejects with a DocumentStoreError-shaped error carrying this code. */
export async function expectStoreError(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'DocumentStoreError', code });
}

export function ids(docs: ReadonlyArray<{ _id: string }>): string[] {
  return docs.map((d) => d._id);
}
