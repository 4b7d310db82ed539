import type { DocumentStore } from '@andon/persistence';
import { DocumentTokenUsageStore } from './document-token-usage.store';
import type { TokenUsageStore } from './token-usage.port';

export interface TokenUsageFixture {
  /** Two handles on the same counts (two connections, as two services or replicas would have). */
  a: TokenUsageStore;
  b: TokenUsageStore;
  /** A fresh handle opened after the others, as after a restart. */
  reopen(): Promise<TokenUsageStore>;
  close(): Promise<void>;
}

/** Two DocumentTokenUsageStores on two connections from `connect`, and a third on reopen. */
export async function documentStoreFixture(
  connect: () => Promise<DocumentStore>,
  cleanup: () => void = () => undefined,
): Promise<TokenUsageFixture> {
  const stores: DocumentStore[] = [];
  const open = async () => {
    const store = await connect();
    stores.push(store);
    return DocumentTokenUsageStore.open(store);
  };
  const [a, b] = [await open(), await open()];
  return {
    a,
    b,
    reopen: open,
    close: async () => {
      for (const s of stores) await s.close();
      cleanup();
    },
  };
}

/** What every TokenUsageStore must do; run against each adapter. */
export function runTokenUsageContract(
  name: string,
  open: () => Promise<TokenUsageFixture>,
  options: { shared?: boolean } = {},
): void {
  const shared = options.shared ?? true;
  describe(`TokenUsageStore contract: ${name}`, () => {
    let f: TokenUsageFixture;
    beforeEach(async () => (f = await open()));
    afterEach(() => f.close());

    it('grants within the limit, refuses beyond it with the day so far, and keeps sites and days apart', async () => {
      expect(await f.a.tryReserve('plant-a', '2025-03-01', 60, 100)).toEqual({ granted: true });
      expect(await f.a.tryReserve('plant-a', '2025-03-01', 41, 100)).toEqual({ granted: false, used: 60 });
      expect(await f.a.tryReserve('plant-a', '2025-03-01', 40, 100)).toEqual({ granted: true });
      expect(await f.a.used('plant-a', '2025-03-01')).toBe(100);
      expect(await f.a.used('plant-b', '2025-03-01')).toBe(0);
      expect(await f.a.used('plant-a', '2025-03-02')).toBe(0);
      expect(await f.a.tryReserve('plant-a', '2025-03-02', 100, 100)).toEqual({ granted: true });
    });

    it('adjusts up and down, never below zero', async () => {
      await f.a.tryReserve('plant-a', '2025-03-01', 50, 100);
      await f.a.adjust('plant-a', '2025-03-01', -20);
      expect(await f.a.used('plant-a', '2025-03-01')).toBe(30);
      await f.a.adjust('plant-a', '2025-03-01', 15);
      expect(await f.a.used('plant-a', '2025-03-01')).toBe(45);
      await f.a.adjust('plant-a', '2025-03-01', -1_000);
      expect(await f.a.used('plant-a', '2025-03-01')).toBe(0);
      await f.a.adjust('plant-z', '2025-03-01', -5);
      expect(await f.a.used('plant-z', '2025-03-01')).toBe(0);
    });

    if (!shared) return;

    it('two handles reserving at once never overrun the limit or lose a count', async () => {
      const attempts = Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? f.a : f.b).tryReserve('plant-a', '2025-03-01', 10, 200),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.granted)).toHaveLength(20);
      expect(await f.a.used('plant-a', '2025-03-01')).toBe(200);
      expect(await f.b.used('plant-a', '2025-03-01')).toBe(200);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? f.a : f.b).adjust('plant-a', '2025-03-01', -3)),
      );
      expect(await f.a.used('plant-a', '2025-03-01')).toBe(140);
    });

    it('the day so far survives a restart', async () => {
      await f.a.tryReserve('plant-a', '2025-03-01', 70, 100);
      const later = await f.reopen();
      expect(await later.used('plant-a', '2025-03-01')).toBe(70);
      expect(await later.tryReserve('plant-a', '2025-03-01', 31, 100)).toEqual({ granted: false, used: 70 });
    });
  });
}
