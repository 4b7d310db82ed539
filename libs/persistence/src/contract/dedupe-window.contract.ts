import { waitFor } from '@andon/testing';
import { DedupeIdempotencyStore } from '../dedupe/dedupe-idempotency.store';
import { DEDUPE_COLLECTION, type DedupeEntry, DedupeWindow } from '../dedupe/dedupe-window';
import type { DocumentStore } from '../ports/document-store.port';

const TTL = 60_000;

/**
 * DedupeWindow on a real store. `makeStore` is called more than once and must reach the
 * same data each time (that is what "persisted across restarts" means).
 */
export function runDedupeWindowContract(name: string, makeStore: () => Promise<DocumentStore>): void {
  describe(`DedupeWindow on ${name}`, () => {
    let store: DocumentStore;
    let clock = 1_700_000_000_000;
    let n = 0;
    const now = () => clock;
    const open = (s = store, collection = `dedupe_${n}`) => DedupeWindow.open(s, { now, collection });

    beforeAll(async () => {
      store = await makeStore();
    });

    beforeEach(() => {
      n += 1;
    });

    afterAll(async () => {
      await store?.close();
    });

    it('admits a key once per scope', async () => {
      const window = await open();
      expect(await window.admit('ingest:mes', 'evt-1', TTL)).toBe(true);
      expect(await window.admit('ingest:mes', 'evt-1', TTL)).toBe(false);
      expect(await window.admit('ingest:erp', 'evt-1', TTL)).toBe(true);
      expect(await window.seen('ingest:mes', 'evt-1')).toBe(true);
      expect(await window.seen('ingest:mes', 'evt-2')).toBe(false);
    });

    it('keeps scopes apart even when they contain the separator', async () => {
      const window = await open();
      expect(await window.admit('a:b', 'c', TTL)).toBe(true);
      expect(await window.admit('a', 'b:c', TTL)).toBe(true);
    });

    it('admits again after the window expires, and only then', async () => {
      const window = await open();
      expect(await window.admit('s', 'k', TTL)).toBe(true);
      clock += TTL - 1;
      expect(await window.admit('s', 'k', TTL)).toBe(false);
      clock += 1;
      expect(await window.seen('s', 'k')).toBe(false);
      expect(await window.admit('s', 'k', TTL)).toBe(true);
      expect(await window.admit('s', 'k', TTL)).toBe(false);
    });

    it('admits exactly one of many parallel callers, fresh or expired', async () => {
      const window = await open();
      const race = () => Promise.all(Array.from({ length: 8 }, () => window.admit('s', 'hot', TTL)));
      expect((await race()).filter(Boolean)).toHaveLength(1);
      clock += TTL;
      expect((await race()).filter(Boolean)).toHaveLength(1);
    });

    it('admits and checks many keys at once with the single-key meaning', async () => {
      const window = await open();
      expect(await window.admit('s', 'k2', TTL)).toBe(true);
      expect(await window.admit('s', 'k4', 1_000)).toBe(true);
      clock += 2_000; // k4's window is over, k2's is open
      expect([...(await window.seenMany('s', ['k1', 'k2', 'k3', 'k4']))]).toEqual(['k2']);
      const admitted = await window.admitMany('s', ['k1', 'k2', 'k3', 'k4', 'k1'], TTL);
      expect([...admitted].sort()).toEqual(['k1', 'k3', 'k4']);
      expect([...(await window.seenMany('s', ['k1', 'k2', 'k3', 'k4', 'k5']))].sort()).toEqual([
        'k1',
        'k2',
        'k3',
        'k4',
      ]);
      expect(await window.admit('s', 'k3', TTL)).toBe(false);
      expect(await window.seenMany('other', ['k1'])).toEqual(new Set());
    });

    it('admits each key once when batches race', async () => {
      const window = await open();
      const keys = Array.from({ length: 150 }, (_, i) => `r${i}`);
      const results = await Promise.all([
        window.admitMany('s', keys, TTL),
        window.admitMany('s', [...keys].reverse(), TTL),
        window.admitMany('s', keys.slice(50), TTL),
      ]);
      const all = results.flatMap((r) => [...r]);
      expect(all.sort()).toEqual([...keys].sort());
    });

    it('purges only expired entries', async () => {
      const window = await open();
      await window.admit('s', 'old', 1_000);
      await window.admit('s', 'new', TTL);
      clock += 1_000;
      expect(await window.purgeExpired()).toBe(1);
      expect(await window.purgeExpired()).toBe(0);
      expect(await window.admit('s', 'new', TTL)).toBe(false);
      expect(await window.admit('s', 'old', TTL)).toBe(true);
    });

    it('purges periodically until stopped', async () => {
      const window = await open();
      await window.admit('s', 'a', 10);
      await window.admit('s', 'b', 10);
      clock += 10;
      const entries = await store.collection<DedupeEntry>(`dedupe_${n}`, DedupeWindow.INDEXES);
      const errors: unknown[] = [];
      const stop = window.startPurging(5, (err) => errors.push(err));
      try {
        await waitFor(async () => (await entries.count({})) === 0, {
          timeoutMs: 5_000,
          description: 'periodic purge',
        });
      } finally {
        stop();
      }
      expect(errors).toEqual([]);
    });

    it('forgets a key on request', async () => {
      const window = await open();
      await window.admit('s', 'k', TTL);
      await window.forget('s', 'k');
      expect(await window.admit('s', 'k', TTL)).toBe(true);
    });

    it('remembers across a restart', async () => {
      const collection = `dedupe_restart_${n}`;
      const first = await makeStore();
      expect(await (await open(first, collection)).admit('ingest:mes', 'evt-9', TTL)).toBe(true);
      await first.close();
      const second = await makeStore();
      try {
        expect(await (await open(second, collection)).admit('ingest:mes', 'evt-9', TTL)).toBe(false);
      } finally {
        await second.close();
      }
    });

    it('serves the bus idempotency contract (seen / markProcessed)', async () => {
      const idempotency = new DedupeIdempotencyStore(
        await DedupeWindow.open(store, { now, collection: DEDUPE_COLLECTION }),
      );
      expect(await idempotency.seen('group-a', 'evt-1')).toBe(false);
      await idempotency.markProcessed('group-a', 'evt-1');
      await idempotency.markProcessed('group-a', 'evt-1');
      expect(await idempotency.seen('group-a', 'evt-1')).toBe(true);
      expect(await idempotency.seen('group-b', 'evt-1')).toBe(false);
    });

    it('rejects empty keys and bad durations', async () => {
      const window = await open();
      await expect(window.admit('', 'k', TTL)).rejects.toThrow(TypeError);
      await expect(window.admit('s', 'k', 0)).rejects.toThrow(RangeError);
    });
  });
}
