import { createLogger } from '@andon/observability';
import type { ProductionHourly } from '../plant-facts';
import { count, decoded } from '../../test-support/plant-events';
import { seededStore, type SeededStore } from '../../test-support/seeded-store';
import { rebuildProductionRollups } from '../production-rollup';

// plant-a line-1, Berlin. 08:00Z hour: PX-100 100/10 + 50/5, PX-200 30/3 (its own bucket).
// 09:00Z hour: PX-100 20/2. 09:59:59Z still belongs to 09:00Z.
const events = [
  count('r1', 'line-1', '2025-03-05T08:05:00Z', 100, 10),
  count('r2', 'line-1', '2025-03-05T08:55:00Z', 50, 5),
  count('r3', 'line-1', '2025-03-05T08:30:00Z', 30, 3, 'PX-200'),
  count('r4', 'line-1', '2025-03-05T09:00:00Z', 20, 2),
  count('r5', 'line-1', '2025-03-05T09:59:59Z', 1, 1),
];

describe('hourly production buckets maintained by the projector', () => {
  let seeded: SeededStore;
  const buckets = async () =>
    (await seeded.repo.productionHourly.find(['plant-a'], {}, { sort: { atMs: 1, product: 1 } })).map(
      (b: ProductionHourly) => [new Date(b.atMs).toISOString(), b.product, b.good, b.scrap, b.factIds],
    );
  const expected = [
    ['2025-03-05T08:00:00.000Z', 'PX-100', 150, 15, ['r1', 'r2']],
    ['2025-03-05T08:00:00.000Z', 'PX-200', 30, 3, ['r3']],
    ['2025-03-05T09:00:00.000Z', 'PX-100', 21, 3, ['r4', 'r5']],
  ];

  beforeAll(async () => {
    seeded = await seededStore(events);
  });
  afterAll(() => seeded.close());

  it('sums each hour per product, and redelivery changes nothing', async () => {
    expect(await buckets()).toEqual(expected);
    const projector = seeded.projector;
    for (const e of events) await projector.handle(decoded(e), createLogger('test', 'silent'));
    expect(await buckets()).toEqual(expected);
  });

  it('a bucket lost after its fact was stored heals when the event is redelivered', async () => {
    const [b] = await seeded.repo.productionHourly.find(['plant-a'], { product: 'PX-200' });
    await seeded.store.collection('pq_production_hourly').then((c) => c.deleteMany({ _id: b?._id ?? '' }));
    expect(await buckets()).toHaveLength(2);
    await seeded.projector.handle(
      decoded(events[2] as (typeof events)[number]),
      createLogger('test', 'silent'),
    );
    expect(await buckets()).toEqual(expected);
  });

  it('rebuilds every bucket for facts stored before the rollup existed', async () => {
    await seeded.store.collection('pq_production_hourly').then((c) => c.deleteMany({}));
    expect(await rebuildProductionRollups(seeded.repo, ['plant-a', 'plant-b'])).toBe(3);
    expect(await buckets()).toEqual(expected);
  });
});
