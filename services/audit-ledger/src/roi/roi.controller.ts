import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import type { LedgerKind } from '@andon/governance/ledger';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ZodValidationPipe } from '@andon/service-kit';
import { LedgerAccess } from '../http/ledger-access';
import { LedgerQuery, MAX_LIMIT } from '../query/ledger-query';
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

/** `?site=` narrows the report to one of the caller's sites; an empty value means all of them. */
const roiQuery = z.strictObject({ site: z.string().max(128).optional() });

/** GET /api/roi: the ROI dashboard's figures, read from the ledger within the caller's sites. */
@Controller('api/roi')
export class RoiController {
  constructor(
    private readonly query: LedgerQuery,
    private readonly access: LedgerAccess,
    @Inject(ROI_BASELINE) private readonly baseline: RoiBaseline,
  ) {}

  @Get()
  async roi(
    @Query(new ZodValidationPipe(roiQuery, 'BAD_REQUEST')) { site }: z.infer<typeof roiQuery>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoiReport & { truncated: boolean }> {
    const scope = this.access.siteScope(principal, site || undefined);
    const entries: RoiEntry[] = [];
    let truncated = false;
    for (const kind of ROI_KINDS) {
      let afterSeq = 0;
      for (let read = 0; read < MAX_ENTRIES_PER_KIND;) {
        const page = await this.query.find({
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
