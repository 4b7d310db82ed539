import type { Versioned } from '../ports/document-store.port';
import type { ContractContext, Item } from './contract-context';

const CONTENDERS = 8;
const ROUNDS = 5;

interface Decision extends Versioned {
  status: 'pending' | 'approved';
  decidedBy?: string;
}

interface Dedupe extends Versioned {
  system: string;
  eventId: string;
  by: string;
}

export function describeConcurrencyContract(ctx: ContractContext): void {
  describe('concurrency', () => {
    it('lets exactly one of N parallel compareAndSet calls on one version win', async () => {
      const decisions = await ctx.fresh<Decision>();
      for (let round = 0; round < ROUNDS; round++) {
        const id = `action-${round}`;
        await decisions.insert({ _id: id, status: 'pending' });
        const results = await Promise.all(
          Array.from({ length: CONTENDERS }, (_, i) =>
            decisions.compareAndSet(
              id,
              1,
              { status: 'approved', decidedBy: `approver-${i}` },
              { status: 'pending' },
            ),
          ),
        );
        const winners = results.filter((r): r is Decision => r !== null);
        expect(winners).toHaveLength(1);
        const stored = await decisions.get(id);
        expect(stored).toEqual(winners[0]);
        expect(stored).toMatchObject({ status: 'approved', version: 2 });
      }
    });

    it('lets exactly one of N parallel inserts of one _id succeed', async () => {
      const items = await ctx.fresh<Item>();
      for (let round = 0; round < ROUNDS; round++) {
        const id = `event-${round}`;
        const results = await Promise.all(
          Array.from({ length: CONTENDERS }, (_, i) => items.insert({ _id: id, kind: `writer-${i}` })),
        );
        expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
        const winner = results.indexOf('inserted');
        expect(await items.get(id)).toEqual({ _id: id, kind: `writer-${winner}`, version: 1 });
      }
    });

    it('lets exactly one of N parallel inserts with one unique key succeed', async () => {
      const events = await ctx.fresh<Dedupe>([
        { name: 'by_source', unique: true, fields: { system: 1, eventId: 1 } },
      ]);
      for (let round = 0; round < ROUNDS; round++) {
        const results = await Promise.all(
          Array.from({ length: CONTENDERS }, (_, i) =>
            events.insert({ _id: `r${round}-w${i}`, system: 'mes', eventId: `e${round}`, by: `w${i}` }),
          ),
        );
        expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      }
      expect(await events.count({})).toBe(ROUNDS);
    });

    it('serialises a chain of updates: each version is won once', async () => {
      const counters = await ctx.fresh<Item>();
      await counters.insert({ _id: 'counter', kind: 'counter', n: 0 });
      // Every contender retries on a lost race from a fresh read, so the final count is
      // exact only if no two updates ever both applied to the same version.
      const increment = async (): Promise<void> => {
        for (;;) {
          const current = await counters.get('counter');
          if (!current || typeof current.n !== 'number') throw new Error('counter vanished');
          if (await counters.compareAndSet('counter', current.version, { n: current.n + 1 })) return;
        }
      };
      await Promise.all(
        Array.from({ length: CONTENDERS }, async () => {
          for (let i = 0; i < 3; i++) await increment();
        }),
      );
      expect(await counters.get('counter')).toMatchObject({ n: CONTENDERS * 3, version: CONTENDERS * 3 + 1 });
    });
  });
}
