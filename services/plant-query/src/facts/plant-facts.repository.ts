import {
  ScopedRepository,
  type DocumentCollection,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type SiteScoped,
} from '@andon/persistence';
import type { FactKind } from '../catalogue/metric-catalogue';
import {
  FACT_COLLECTIONS,
  type FactsByKind,
  type GenealogyFact,
  type OpenStop,
  type ProductionHourly,
} from './plant-facts';

/** One fact collection; every read names the caller's sites (ScopedRepository refuses otherwise). */
export class FactCollection<T extends SiteScoped> extends ScopedRepository<T> {
  constructor(collection: DocumentCollection<T>) {
    super(collection);
  }

  override find(sites: readonly string[], filter: Filter = {}, options?: FindOptions): Promise<T[]> {
    return super.find(sites, filter, options);
  }

  /** Write side, used only by the projector: replaces a derived document (a rollup bucket) if unchanged since read. */
  async replaceIfVersion(
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<T, '_id' | 'version' | 'site'>>,
  ): Promise<boolean> {
    return (
      (await this.collection.compareAndSet(
        id,
        expectedVersion,
        patch as Partial<Omit<T, '_id' | 'version'>>,
      )) !== null
    );
  }

  /** Write side, used only by the projector: removes the one open stop a DowntimeEnd closed. */
  async remove(id: string): Promise<void> {
    await this.collection.deleteMany({ _id: id });
  }
}

const byTime: IndexSpec[] = [{ name: 'site_at', fields: { site: 1, atMs: 1 } }];

/**
 * The operational store of plant-query: facts projected from andon.plant-events.v1.
 * The query side reads it through `facts(kind)` only; nothing in the query path writes.
 */
export class PlantFactsRepository {
  private constructor(
    private readonly byKind: { [K in FactKind]: FactCollection<FactsByKind[K]> },
    readonly genealogy: FactCollection<GenealogyFact>,
    readonly openStops: FactCollection<OpenStop>,
    /** Hourly production buckets (facts/production-rollup.ts), maintained by the projector. */
    readonly productionHourly: FactCollection<ProductionHourly>,
  ) {}

  static async open(store: DocumentStore): Promise<PlantFactsRepository> {
    const open = async <T extends SiteScoped>(name: string, indexes: IndexSpec[] = byTime) =>
      new FactCollection<T>(await store.collection<T>(name, indexes));
    const [production, downtime, quality, alarm, ncr, lot, genealogy, openStops, productionHourly] =
      await Promise.all([
        open<FactsByKind['production']>(FACT_COLLECTIONS.production),
        open<FactsByKind['downtime']>(FACT_COLLECTIONS.downtime, [
          ...byTime,
          { name: 'site_end', fields: { site: 1, endMs: 1 } },
        ]),
        open<FactsByKind['quality']>(FACT_COLLECTIONS.quality),
        open<FactsByKind['alarm']>(FACT_COLLECTIONS.alarm),
        // ncrId: open NCRs and NCR cycle time look up an NCR's raising and closing, whenever they happened.
        open<FactsByKind['ncr']>(FACT_COLLECTIONS.ncr, [
          ...byTime,
          { name: 'site_ncr', fields: { site: 1, ncrId: 1, atMs: 1 } },
        ]),
        open<FactsByKind['lot']>(FACT_COLLECTIONS.lot),
        open<GenealogyFact>(FACT_COLLECTIONS.genealogy, [
          { name: 'site_parent', fields: { site: 1, parentLotId: 1 } },
        ]),
        open<OpenStop>(FACT_COLLECTIONS.open_stop, [
          { name: 'site_machine', fields: { site: 1, line: 1, machineId: 1 } },
        ]),
        open<ProductionHourly>(FACT_COLLECTIONS.production_hourly),
      ]);
    return new PlantFactsRepository(
      { production, downtime, quality, alarm, ncr, lot },
      genealogy,
      openStops,
      productionHourly,
    );
  }

  facts<K extends FactKind>(kind: K): FactCollection<FactsByKind[K]> {
    return this.byKind[kind];
  }
}
