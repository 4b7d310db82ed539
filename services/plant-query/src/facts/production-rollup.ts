import { createHash } from 'node:crypto';
import type { ProductionFact, ProductionHourly } from './plant-facts';
import type { PlantFactsRepository } from './plant-facts.repository';

export const HOUR_MS = 3_600_000;

type BucketKey = Pick<ProductionFact, 'site' | 'line' | 'cell' | 'product' | 'shift' | 'day'> & {
  hourMs: number;
};

const keyOf = (f: ProductionFact): BucketKey => ({
  site: f.site,
  line: f.line,
  cell: f.cell,
  product: f.product,
  shift: f.shift,
  day: f.day,
  hourMs: Math.floor(f.atMs / HOUR_MS) * HOUR_MS,
});
const idOf = (k: BucketKey): string =>
  `ph:${createHash('sha256')
    .update(JSON.stringify([k.site, k.line, k.cell, k.product, k.shift, k.day, k.hourMs]))
    .digest('hex')
    .slice(0, 40)}`;

/**
 * Keeps the hourly bucket of a production fact in step with the stored facts. A fact that
 * was just inserted is added to its bucket (one read, one conditional write). A duplicate
 * (redelivery, replay) makes the bucket be recomputed from that hour's facts instead, so
 * a crash between storing the fact and updating its bucket heals on redelivery and a
 * count can never be added twice. One line's events share a partition, so a bucket has
 * one writer; the version check guards the rest.
 */
export async function refreshProductionBucket(
  repo: PlantFactsRepository,
  fact: ProductionFact,
  inserted = false,
): Promise<void> {
  const k = keyOf(fact);
  const id = idOf(k);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await repo.productionHourly.get([k.site], id);
    const sums =
      inserted && !existing?.factIds.includes(fact._id) ? added(existing, fact) : await recomputed(repo, k);
    if (!existing) {
      const bucket: Omit<ProductionHourly, 'version'> = {
        _id: id,
        eventId: id,
        site: k.site,
        area: fact.area,
        line: k.line,
        cell: k.cell,
        shift: k.shift,
        day: k.day,
        atMs: k.hourMs,
        product: k.product,
        ...sums,
      };
      if ((await repo.productionHourly.insert(bucket)) === 'inserted') return;
      continue;
    }
    if (
      existing.factIds.length === sums.factIds.length &&
      existing.good === sums.good &&
      existing.scrap === sums.scrap
    )
      return;
    if (await repo.productionHourly.replaceIfVersion(id, existing.version, sums)) return;
  }
  throw new Error(`production bucket ${id} kept changing under us`);
}

type Sums = Pick<ProductionHourly, 'good' | 'scrap' | 'factIds'>;

function added(existing: ProductionHourly | null, fact: ProductionFact): Sums {
  return {
    good: (existing?.good ?? 0) + fact.good,
    scrap: (existing?.scrap ?? 0) + fact.scrap,
    factIds: [...(existing?.factIds ?? []), fact._id].sort(),
  };
}

async function recomputed(repo: PlantFactsRepository, k: BucketKey): Promise<Sums> {
  const facts = await repo.facts('production').find([k.site], {
    line: k.line,
    cell: k.cell,
    product: k.product,
    shift: k.shift,
    day: k.day,
    atMs: { $gte: k.hourMs, $lt: k.hourMs + HOUR_MS },
  });
  return {
    good: facts.reduce((s, f) => s + f.good, 0),
    scrap: facts.reduce((s, f) => s + f.scrap, 0),
    factIds: facts.map((f) => f._id).sort(),
  };
}

/**
 * Builds the buckets for facts stored before the rollup existed (an upgrade), one day of
 * facts at a time. Idempotent: refreshing a bucket twice changes nothing.
 */
export async function rebuildProductionRollups(
  repo: PlantFactsRepository,
  sites: readonly string[],
): Promise<number> {
  const DAY = 24 * HOUR_MS;
  let refreshed = 0;
  for (const site of sites) {
    const [first] = await repo.facts('production').find([site], {}, { sort: { atMs: 1 }, limit: 1 });
    const [last] = await repo.facts('production').find([site], {}, { sort: { atMs: -1 }, limit: 1 });
    if (!first || !last) continue;
    for (let from = Math.floor(first.atMs / DAY) * DAY; from <= last.atMs; from += DAY) {
      const seen = new Set<string>();
      for (const f of await repo
        .facts('production')
        .find([site], { atMs: { $gte: from, $lt: from + DAY } })) {
        const id = idOf(keyOf(f));
        if (seen.has(id)) continue;
        seen.add(id);
        await refreshProductionBucket(repo, f);
        refreshed += 1;
      }
    }
  }
  return refreshed;
}
