import type { DocumentStore, IndexSpec, Versioned } from '../ports/document-store.port';
import type { ContractContext } from './contract-context';
import { describeConcurrencyContract } from './concurrency.contract';
import { describeInsertManyContract } from './insert-many.contract';
import { describeQueryContract } from './query.contract';
import { describeWriteContract } from './write.contract';

/**
 * The one behaviour both document store adapters must show. Each adapter's spec calls
 * this with a factory; the factory is called once per suite and the store is closed after.
 */
export function runDocumentStoreContract(name: string, makeStore: () => Promise<DocumentStore>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore | undefined;
    let counter = 0;
    const context: ContractContext = {
      store: () => {
        if (!store) throw new Error('store not opened');
        return store;
      },
      fresh: <T extends Versioned>(indexes?: IndexSpec[]) =>
        context.store().collection<T>(`contract_${++counter}`, indexes),
    };

    beforeAll(async () => {
      store = await makeStore();
    });

    afterAll(async () => {
      await store?.close();
    });

    it('answers ping', async () => {
      expect(await context.store().ping()).toBe(true);
    });

    describeWriteContract(context);
    describeInsertManyContract(context);
    describeQueryContract(context);
    describeConcurrencyContract(context);
  });
}
