import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ZodValidationPipe, type ServiceErrorStatus, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { AskService } from '../ask/ask.service';
import type { CallerContext } from '../domain/access-policy';
import { DocumentAccess } from '../retrieve/document-access.service';
import { RecordAccess } from '../retrieve/record-access.service';
import { RetrieveService } from '../retrieve/retrieve.service';
import { withScopeHints } from '../retrieve/scope-hints';
import { askJson, hitJson, recordJson, type AskJson, type HitJson, type RecordJson } from './hit-json';
import { RetrievalCaller } from './retrieval-caller.decorator';
import {
  BAD_REQUEST,
  askSchema,
  revisionQuery,
  retrieveSchema,
  scopeOf,
  type AskBody,
  type RetrieveBody,
} from './request-schemas';
import { RetrievalHttpError } from './retrieval-http-error';

const DENIAL_STATUS: Readonly<Record<string, ServiceErrorStatus>> = { empty_query: 400 };

/** REST face of the retrieval use cases; the console's "ask" view and citation click-through. */
@Controller('api')
export class RetrievalController {
  constructor(
    private readonly asks: AskService,
    private readonly retrieval: RetrieveService,
    private readonly documents: DocumentAccess,
    private readonly records: RecordAccess,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  @Post('ask')
  @HttpCode(200)
  async ask(
    @RetrievalCaller() caller: CallerContext,
    @Body(new ZodValidationPipe(askSchema, BAD_REQUEST)) req: AskBody,
  ): Promise<AskJson> {
    const result = await this.asks.ask({
      question: req.question,
      caller,
      scope: { site: req.site, line: req.line, product: req.product },
      correlationId: req.correlationId ?? randomUUID(),
    });
    if (result.unansweredReason === 'site_not_in_scope' || result.unansweredReason === 'caller_not_cleared') {
      throw new RetrievalHttpError(403, result.unansweredReason.toUpperCase(), result.answerMarkdown);
    }
    return askJson(result);
  }

  @Post('retrieve')
  @HttpCode(200)
  async retrieve(
    @RetrievalCaller() caller: CallerContext,
    @Body(new ZodValidationPipe(retrieveSchema, BAD_REQUEST)) req: RetrieveBody,
  ): Promise<{ hits: HitJson[]; asOf: string }> {
    const now = this.clock.now().getTime();
    const scope = withScopeHints(req.query, scopeOf(req, now), now);
    const result = await this.retrieval.retrieve({ query: req.query, caller, scope, topK: req.topK });
    if (!result.ok)
      throw new RetrievalHttpError(
        DENIAL_STATUS[result.reason] ?? 403,
        result.reason.toUpperCase(),
        result.message,
      );
    return { hits: result.hits.map(hitJson), asOf: new Date(result.at).toISOString() };
  }

  @Get('documents/:id')
  async document(
    @RetrievalCaller() caller: CallerContext,
    @Param('id') id: string,
    @Query('revision', new ZodValidationPipe(revisionQuery, BAD_REQUEST)) revision?: string,
  ) {
    const result = await this.documents.get(caller, id, revision || undefined);
    if (!result.ok) throw new RetrievalHttpError(result.status, result.reason.toUpperCase(), result.message);
    const r = result.revision;
    return {
      documentId: r.documentId,
      revision: r.revision,
      title: r.title,
      docType: r.docType,
      status: r.displayStatus,
      effective: r.effective,
      effectiveFrom: new Date(r.effectiveFrom).toISOString(),
      effectiveTo: r.effectiveTo === null ? null : new Date(r.effectiveTo).toISOString(),
      supersededBy: r.supersededBy,
      site: r.site,
      line: r.line,
      product: r.product,
      classification: r.classification,
      owner: r.owner,
      contentType: r.contentType,
      sourceRecordId: r.sourceRecordId,
      text: r.text,
      revisions: result.revisions.map((x) => ({
        ...x,
        effectiveFrom: new Date(x.effectiveFrom).toISOString(),
        effectiveTo: x.effectiveTo === null ? null : new Date(x.effectiveTo).toISOString(),
      })),
    };
  }

  @Get('records/:id')
  async record(@RetrievalCaller() caller: CallerContext, @Param('id') id: string): Promise<RecordJson> {
    const result = await this.records.get(caller, id);
    if (!result.ok) throw new RetrievalHttpError(result.status, result.reason.toUpperCase(), result.message);
    return recordJson(result.record);
  }
}
