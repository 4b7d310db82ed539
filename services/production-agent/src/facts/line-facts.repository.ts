import { ScopedRepository, type DocumentStore, type FindOptions } from '@andon/persistence';
import type { SiteId } from '@andon/plant-model';
import type { FactKind, LineFact } from './line-fact';

/** The production agent's per-line memory of plant events. */
export class LineFactsRepository extends ScopedRepository<LineFact> {
  static async open(store: DocumentStore): Promise<LineFactsRepository> {
    return new LineFactsRepository(
      await store.collection<LineFact>('production_agent_facts', [
        { name: 'by_line_kind_at', fields: { site: 1, line: 1, kind: 1, at: 1 } },
        { name: 'by_lot', fields: { site: 1, lotId: 1 } },
        { name: 'by_ref', fields: { site: 1, kind: 1, ref: 1 } },
        { name: 'by_at', fields: { at: 1 } },
      ]),
    );
  }

  /** Facts of the given kinds on one line with from <= at < to, oldest first. */
  inWindow(
    site: string,
    line: string,
    kinds: readonly FactKind[],
    from: number,
    to: number,
    options: Pick<FindOptions, 'limit'> = {},
  ): Promise<LineFact[]> {
    return this.find(
      [site],
      { line, kind: { $in: [...kinds] }, at: { $gte: from, $lt: to } },
      { sort: { at: 1, _id: 1 }, ...options },
    );
  }

  /** Facts of the given kinds in the sites with from <= at < to, any line, oldest first. */
  acrossLines(
    sites: readonly SiteId[],
    kinds: readonly FactKind[],
    from: number,
    to: number,
  ): Promise<LineFact[]> {
    return this.find(
      sites,
      { kind: { $in: [...kinds] }, at: { $gte: from, $lt: to } },
      { sort: { at: 1, _id: 1 } },
    );
  }

  /** When the agent's memory of these sites begins: the oldest fact it keeps (undefined when none). */
  async earliest(sites: readonly SiteId[]): Promise<number | undefined> {
    const [fact] = await this.find(sites, {}, { sort: { at: 1, _id: 1 }, limit: 1 });
    return fact?.at;
  }

  /** The most recent fact of a kind with this source record id at or before `before`. */
  async latestByRef(
    site: string,
    kind: FactKind,
    ref: string,
    before: number,
  ): Promise<LineFact | undefined> {
    const [fact] = await this.find(
      [site],
      { kind, ref, at: { $lte: before } },
      { sort: { at: -1, _id: 1 }, limit: 1 },
    );
    return fact;
  }

  forLots(site: string, kinds: readonly FactKind[], lotIds: readonly string[]): Promise<LineFact[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.find(
      [site],
      { kind: { $in: [...kinds] }, lotId: { $in: [...lotIds] } },
      { sort: { at: 1, _id: 1 } },
    );
  }

  /** Retention: facts older than `before` are no longer read by any use case. */
  purgeBefore(before: number): Promise<number> {
    return this.collection.deleteMany({ at: { $lt: before } });
  }
}
