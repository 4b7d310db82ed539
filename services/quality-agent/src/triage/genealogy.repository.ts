import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';

export interface LotLink extends SiteScoped {
  parentLotId: string;
  childLotId: string;
  materialId: string;
  eventId: string;
  occurredAt: number;
}

export interface AffectedLot {
  lotId: string;
  /** Genealogy hops from a lot named on the NCR (0 for the named lots). */
  depth: number;
  relation: 'listed' | 'descendant' | 'sibling';
  /** The genealogy link through which the lot was reached. */
  via?: LotLink;
}

/** Batch genealogy edges (parent lot consumed into child lot) as the agent saw them on the bus. */
export class GenealogyRepository extends ScopedRepository<LotLink> {
  static async open(store: DocumentStore): Promise<GenealogyRepository> {
    return new GenealogyRepository(
      await store.collection<LotLink>('quality_agent_lot_links', [
        { name: 'by_parent', fields: { site: 1, parentLotId: 1 } },
        { name: 'by_child', fields: { site: 1, childLotId: 1 } },
      ]),
    );
  }

  static idOf(site: string, parentLotId: string, childLotId: string): string {
    return `${site}:${parentLotId}>${childLotId}`;
  }

  /**
   * The named lots, every lot made from them (breadth first, `maxDepth` hops), and, when
   * the defect may come from an input material, the other lots made from the same parent
   * lots. Order: named, then by depth, then by lot id, so the result is reproducible.
   */
  async affectedLots(
    site: string,
    listed: readonly string[],
    options: { maxDepth: number; includeSiblings: boolean },
  ): Promise<AffectedLot[]> {
    const found = new Map<string, AffectedLot>();
    for (const lotId of [...new Set(listed)].sort())
      found.set(lotId, { lotId, depth: 0, relation: 'listed' });
    let frontier = [...found.keys()];
    for (let depth = 1; depth <= options.maxDepth && frontier.length > 0; depth++) {
      const links = await this.find(
        [site],
        { parentLotId: { $in: frontier } },
        { sort: { childLotId: 1, _id: 1 } },
      );
      frontier = [];
      for (const link of links) {
        if (found.has(link.childLotId)) continue;
        found.set(link.childLotId, { lotId: link.childLotId, depth, relation: 'descendant', via: link });
        frontier.push(link.childLotId);
      }
    }
    if (options.includeSiblings && listed.length > 0) {
      const parents = await this.find(
        [site],
        { childLotId: { $in: [...new Set(listed)] } },
        { sort: { parentLotId: 1, _id: 1 } },
      );
      const parentIds = [...new Set(parents.map((p) => p.parentLotId))];
      if (parentIds.length > 0) {
        const siblings = await this.find(
          [site],
          { parentLotId: { $in: parentIds } },
          { sort: { childLotId: 1, _id: 1 } },
        );
        for (const link of siblings) {
          if (!found.has(link.childLotId))
            found.set(link.childLotId, { lotId: link.childLotId, depth: 2, relation: 'sibling', via: link });
        }
      }
    }
    const rank = { listed: 0, descendant: 1, sibling: 2 } as const;
    return [...found.values()].sort(
      (a, b) => rank[a.relation] - rank[b.relation] || a.depth - b.depth || a.lotId.localeCompare(b.lotId),
    );
  }
}
