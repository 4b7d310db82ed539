import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ServerWritableStream } from '@grpc/grpc-js';
import { SERVICE_LOG, ServiceError, bearerOf, grpcUnary, toGrpcError } from '@andon/service-kit';
import {
  LedgerEntryKind,
  LedgerServiceService,
  type ExportRequest,
  type ExportResponse,
  type LedgerServiceServer,
  GrpcListener,
} from '@andon/contracts';
import { ChainAppender, type LedgerKind } from '@andon/governance/ledger';
import type { Logger } from '@andon/observability';
import type { Principal } from '@andon/governance/auth';
import { entryId } from '../chain/chain-format';
import { entryProto } from '../chain/entry-proto';
import type { LedgerConfig } from '../config/ledger.config';
import { LedgerAccess } from '../http/ledger-access';
import { LEDGER_SETTINGS } from '../ledger.tokens';
import { DEFAULT_LIMIT, LedgerQuery, MAX_LIMIT } from '../query/ledger-query';
import { LedgerVerification } from '../verify/ledger-verification.service';

const KIND_NAMES = new Map<LedgerEntryKind, LedgerKind>([
  [LedgerEntryKind.ACTION_PROPOSED, 'action.proposed'],
  [LedgerEntryKind.ACTION_DECIDED, 'action.decided'],
  [LedgerEntryKind.ACTION_EXECUTED, 'action.executed'],
  [LedgerEntryKind.RECOMMENDATION, 'recommendation'],
  [LedgerEntryKind.LLM_CALL, 'llm.call'],
  [LedgerEntryKind.DOCUMENT_PUBLISHED, 'document.published'],
  [LedgerEntryKind.SHIFT_ACKNOWLEDGED, 'shift.acknowledged'],
]);

const EXPORT_PAGE = 500;

/** LedgerService over grpc-js: Query, Verify and the Export stream. There is no write RPC. Listens while the app runs when GRPC_ENABLED. */
@Injectable()
export class LedgerGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener = new GrpcListener('ledger');
  private readonly unary = grpcUnary<Principal>({
    authenticate: (bearer) => this.access.principal(bearer),
    onInternal: (err) => this.log.error({ err }, 'ledger gRPC call failed'),
  });

  constructor(
    private readonly query: LedgerQuery,
    private readonly verification: LedgerVerification,
    private readonly appender: ChainAppender,
    private readonly access: LedgerAccess,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(LEDGER_SETTINGS)
    private readonly settings: Pick<LedgerConfig, 'GRPC_ENABLED' | 'GRPC_PORT' | 'LEDGER_CHAIN'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.GRPC_ENABLED) await this.start(this.settings.GRPC_PORT);
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  get port(): number {
    return this.listener.port;
  }

  implementation(): LedgerServiceServer {
    return {
      query: this.unary(async (principal, call) => {
        const req = call.request;
        const site = this.access.siteScope(principal, req.site === '' ? undefined : req.site);
        const kind = req.kind === LedgerEntryKind.UNSPECIFIED ? undefined : KIND_NAMES.get(req.kind);
        if (req.kind !== LedgerEntryKind.UNSPECIFIED && !kind)
          throw new ServiceError(400, 'BAD_KIND', `unknown kind ${req.kind}`);
        const limit = req.limit === 0 ? DEFAULT_LIMIT : Math.min(req.limit, MAX_LIMIT);
        const docs = await this.query.find({
          ...(site === undefined ? {} : { site }),
          ...(kind ? { kind } : {}),
          ...(req.subjectId ? { subjectId: req.subjectId } : {}),
          ...(req.correlationId ? { correlationId: req.correlationId } : {}),
          ...(req.recordedFrom ? { since: req.recordedFrom.toISOString() } : {}),
          ...(req.recordedTo ? { until: req.recordedTo.toISOString() } : {}),
          ...(req.afterSeq ? { afterSeq: req.afterSeq } : {}),
          limit,
        });
        return {
          entries: docs.map(entryProto),
          nextAfterSeq: docs.length === limit ? (docs.at(-1)?.seq ?? 0) : 0,
        };
      }),
      verify: this.unary(async (_principal, call) => {
        const { fromSeq, toSeq } = call.request;
        const result =
          fromSeq || toSeq
            ? await this.verification.verify({ ...(fromSeq ? { fromSeq } : {}), ...(toSeq ? { toSeq } : {}) })
            : await this.verification.verifyAnchored();
        const anchor =
          'anchor' in result
            ? {
                anchorStatus: result.anchor.status,
                checkpointSeq: result.anchor.checkpoint?.seq ?? 0,
                unanchoredEntries: result.anchor.unanchoredEntries ?? 0,
                anchorDetail: result.anchor.detail,
              }
            : { anchorStatus: '', checkpointSeq: 0, unanchoredEntries: 0, anchorDetail: '' };
        return result.ok
          ? {
              intact: true,
              entriesChecked: result.checked,
              firstBadSeq: 0,
              problem: '',
              headHash: result.headHash ?? '',
              ...anchor,
            }
          : {
              intact: false,
              entriesChecked: result.checked,
              firstBadSeq: result.firstBadSeq,
              problem: `${result.reason}: ${result.detail}`,
              headHash: '',
              ...anchor,
            };
      }),
      export: (call) => void this.export(call),
    };
  }

  async start(port: number, host = '0.0.0.0'): Promise<number> {
    const bound = await this.listener.start(
      (server) => server.addService(LedgerServiceService, this.implementation()),
      port,
      host,
    );
    this.log.info({ port: bound }, 'ledger gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  private async export(call: ServerWritableStream<ExportRequest, ExportResponse>): Promise<void> {
    try {
      this.access.assertCanExport(await this.access.principal(bearerOf(call.metadata)));
      const { fromSeq, toSeq } = call.request;
      const chain = this.settings.LEDGER_CHAIN;
      const docs = this.appender.collection;
      let lower: { $gte: string } | { $gt: string } = { $gte: entryId(chain, Math.max(1, fromSeq)) };
      const upper = toSeq ? { $lte: entryId(chain, toSeq) } : { $lt: `${chain};` };
      for (;;) {
        const page = await docs.find(
          { _id: { ...lower, ...upper } },
          { sort: { _id: 1 }, limit: EXPORT_PAGE },
        );
        for (const doc of page) {
          if (call.cancelled) return;
          if (!call.write({ entry: entryProto(doc) }))
            await new Promise<void>((resolve) => call.once('drain', () => resolve()));
        }
        const last = page.at(-1);
        if (!last || page.length < EXPORT_PAGE) break;
        lower = { $gt: last._id };
      }
      call.end();
    } catch (err) {
      call.destroy(toServiceError(err, this.log));
    }
  }
}

function toServiceError(err: unknown, log: Logger): ReturnType<typeof toGrpcError> {
  const mapped = toGrpcError(err);
  if (mapped.name === 'INTERNAL') log.error({ err }, 'ledger gRPC call failed');
  return mapped;
}
