import type { SiteId } from '@andon/plant-model';
import type { GenealogyFact, LotFact } from '../facts/plant-facts';
import type { PlantFactsRepository } from '../facts/plant-facts.repository';
import type { ResultRow } from './aggregate';

/** Lots without grouping: one row per material lot, with the lots it went into. */
export async function lotRows(
  repo: PlantFactsRepository,
  lots: readonly LotFact[],
  sites: readonly SiteId[],
  maxScannedRows: number,
): Promise<ResultRow[]> {
  const byLot = new Map<string, LotFact[]>();
  for (const l of lots) byLot.set(l.lotId, [...(byLot.get(l.lotId) ?? []), l]);
  const lotIds = [...byLot.keys()];
  const links: GenealogyFact[] = lotIds.length
    ? await repo.genealogy.find(sites, { parentLotId: { $in: lotIds } }, { limit: maxScannedRows })
    : [];
  return lotIds.map((lotId) => {
    const facts = byLot.get(lotId) as LotFact[];
    const first = facts[0] as LotFact;
    const usedIn = [...new Set(links.filter((g) => g.parentLotId === lotId).map((g) => g.childLotId))].sort();
    return {
      key: {
        site: first.site,
        line: first.line,
        lotId,
        material: first.material,
        supplier: first.supplier,
      },
      value: null,
      measures: {},
      recordIds: facts.map((f) => f._id),
      usedIn,
    };
  });
}
