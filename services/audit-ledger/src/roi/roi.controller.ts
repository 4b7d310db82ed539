import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { LedgerKind } from '@andon/governance/ledger';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal } from '@andon/service-kit';
import type { LedgerCore } from '../ledger-core';
import { LEDGER_ACCESS, LEDGER_CORE } from '../ledger.tokens';
import type { LedgerAccess } from '../http/ledger-access';
import { MAX_LIMIT } from '../query/ledger-query';
import { ROI_BASELINE, roiReport, type RoiBaseline, type RoiEntry, type RoiReport } from './roi-report';

const ROI_KINDS: readonly LedgerKind[] = [
  'recommendation',
  'action.proposed',
  'action.decided',
  'action.executed',
  'action.refused',
  'llm.call',
];
/** Upper bound of entries read per kind for one report, so a request cannot scan without end. */
const MAX_ENTRIES_PER_KIND = 20_000;

/** GET /api/roi: the ROI dashboard's figures, read from the ledger within the caller's sites. */
@Controller('api/roi')
export class RoiController {
  constructor(
    @Inject(LEDGER_CORE) private readonly core: LedgerCore,
    @Inject(LEDGER_ACCESS) private readonly access: LedgerAccess,
    @Inject(ROI_BASELINE) private readonly baseline: RoiBaseline,
  ) {}

  @Get()
  async roi(
    @Query('site') site: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoiReport & { truncated: boolean }> {
    const scope = this.access.siteScope(principal, site || undefined);
    const entries: RoiEntry[] = [];
    let truncated = false;
    for (const kind of ROI_KINDS) {
      let afterSeq = 0;
      for (let read = 0; read < MAX_ENTRIES_PER_KIND;) {
        const page = await this.core.query.find({
          kind,
          afterSeq,
          limit: MAX_LIMIT,
          order: 'asc',
          ...(scope === undefined ? {} : { site: scope }),
        });
        for (const doc of page)
          entries.push({
            kind: doc.kind,
            subjectId: doc.subjectId,
            at: doc.at,
            payload: JSON.parse(doc.payloadJson) as unknown,
          });
        read += page.length;
        if (page.length < MAX_LIMIT) break;
        afterSeq = page[page.length - 1]?.seq ?? afterSeq;
        if (read >= MAX_ENTRIES_PER_KIND) truncated = true;
      }
    }
    entries.sort((a, b) => a.at.localeCompare(b.at));
    return { ...roiReport(entries, this.baseline), truncated };
  }
}
