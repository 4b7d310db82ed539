import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { LEDGER_KINDS, Ledger } from '@andon/governance/ledger';
import { type Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ZodValidationPipe } from '@andon/service-kit';
import type { LedgerSettings } from '../config/ledger.config';
import { LEDGER_SETTINGS } from '../ledger.tokens';
import { entryView, LedgerQuery, MAX_LIMIT, type EntryView } from '../query/ledger-query';
import { LedgerVerification } from '../verify/ledger-verification.service';
import { LedgerAccess } from './ledger-access';

const instant = z.iso.datetime({ offset: true });
const seq = z.coerce.number().int().positive();

const entriesQuery = z.strictObject({
  subjectId: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
  site: z.string().min(1).optional(),
  kind: z.enum(LEDGER_KINDS).optional(),
  since: instant.optional(),
  until: instant.optional(),
  afterSeq: seq.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

const verifyBody = z
  .strictObject({ fromSeq: seq.optional(), toSeq: seq.optional() })
  .refine((b) => b.fromSeq === undefined || b.toSeq === undefined || b.fromSeq <= b.toSeq, {
    error: 'fromSeq must not be after toSeq',
  });

/**
 * The ledger's REST face, read-only by construction: query, verify, export. There is no
 * route that changes or removes an entry; entries arrive only from the governed topics.
 */
@Controller('api/ledger')
export class LedgerController {
  constructor(
    private readonly query: LedgerQuery,
    private readonly verification: LedgerVerification,
    /** the governance lib's view of the same chain: its export */
    private readonly ledger: Ledger,
    private readonly access: LedgerAccess,
    @Inject(LEDGER_SETTINGS) private readonly config: Pick<LedgerSettings, 'LEDGER_CHAIN'>,
  ) {}

  @Get('entries')
  async entries(
    @Query(new ZodValidationPipe(entriesQuery, 'BAD_REQUEST')) q: z.infer<typeof entriesQuery>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ entries: EntryView[] }> {
    const site = this.access.siteScope(principal, q.site);
    const docs = await this.query.find({ ...q, ...(site === undefined ? {} : { site }) });
    return { entries: docs.map(entryView) };
  }

  @Post('verify')
  @HttpCode(200)
  async verify(
    @Body(
      new ZodValidationPipe(
        verifyBody.optional().transform((b) => b ?? {}),
        'BAD_REQUEST',
      ),
    )
    range: z.infer<typeof verifyBody>,
  ) {
    // The whole chain is judged against the latest signed checkpoint too; a range only by its links.
    const result =
      range.fromSeq === undefined && range.toSeq === undefined
        ? await this.verification.verifyAnchored()
        : await this.verification.verify(range);
    const anchor = 'anchor' in result ? { anchor: result.anchor } : {};
    return result.ok
      ? { ok: true, checked: result.checked, lastSeq: result.lastSeq, headHash: result.headHash, ...anchor }
      : {
          ok: false,
          checked: result.checked,
          firstBadSeq: result.firstBadSeq,
          reason: result.reason,
          detail: result.detail,
          ...anchor,
        };
  }

  /** JSON lines in seq order; `verifyExport` from @andon/governance checks a saved copy offline. */
  @Get('export')
  async export(@Res() res: Response, @CurrentPrincipal() principal: Principal): Promise<void> {
    this.access.assertCanExport(principal);
    res.status(200).type('application/x-ndjson');
    res.setHeader('content-disposition', `attachment; filename="ledger-${this.config.LEDGER_CHAIN}.jsonl"`);
    for await (const line of this.ledger.export()) {
      if (!res.write(line)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
    res.end();
  }
}
