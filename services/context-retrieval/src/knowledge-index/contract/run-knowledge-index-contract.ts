import { accessCases } from './access.contract';
import type { IndexFactory } from './contract-fixtures';
import { lineageAndFilterCases } from './lineage-and-filters.contract';
import { rankingCases } from './ranking.contract';
import { recordCases } from './records.contract';
import { revisionCases } from './revisions.contract';

/**
 * The one contract every KnowledgeIndex adapter passes, exercised through the real use
 * cases (ingestion, record indexing, governed hybrid retrieval) so that filters,
 * identifier ranking, supersession and access rules mean the same on every engine.
 */
export function runKnowledgeIndexContract(name: string, factory: IndexFactory): void {
  describe(`KnowledgeIndex contract: ${name}`, () => {
    lineageAndFilterCases(factory);
    rankingCases(factory);
    revisionCases(factory);
    accessCases(factory);
    recordCases(factory);
  });
}
