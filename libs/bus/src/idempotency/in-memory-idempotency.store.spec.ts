import { InMemoryIdempotencyStore } from './in-memory-idempotency.store';

describe('InMemoryIdempotencyStore', () => {
  it('remembers processed events per consumer group', async () => {
    const store = new InMemoryIdempotencyStore();
    expect(await store.seen('g1', 'e1')).toBe(false);
    await store.markProcessed('g1', 'e1');
    expect(await store.seen('g1', 'e1')).toBe(true);
    expect(await store.seen('g2', 'e1')).toBe(false);
    await store.markProcessed('g1', 'e1');
    expect(store.size).toBe(1);
  });

  it('forgets the oldest events beyond its bound', async () => {
    const store = new InMemoryIdempotencyStore({ maxEntries: 2 });
    await store.markProcessed('g', 'a');
    await store.markProcessed('g', 'b');
    await store.markProcessed('g', 'c');
    expect([await store.seen('g', 'a'), await store.seen('g', 'b'), await store.seen('g', 'c')]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new InMemoryIdempotencyStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
