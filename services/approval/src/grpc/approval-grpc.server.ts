import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApprovalServiceService, type ApprovalServiceServer, GrpcListener } from '@andon/contracts';
import type { Principal } from '@andon/governance/auth';
import type { Logger } from '@andon/observability';
import { grpcUnary, SERVICE_LOG, type Caller } from '@andon/service-kit';
import { APPROVAL_SETTINGS } from '../approval.tokens';
import type { ApprovalConfig } from '../config/approval.config';
import { AuthService } from '../auth/auth.service';
import { DecideService } from '../decide/decide.service';
import { GetActionService } from '../get/get-action.service';
import { DEFAULT_LIMIT, ListActionsService, MAX_LIMIT } from '../list/list-actions.service';
import { ApprovalError } from '../domain/approval-error';
import { riskClassName } from '@andon/governance/policy';
import { actionView, decideInput, stateFilter } from './grpc-mapping';

/**
 * ApprovalService over grpc-js, on the same use cases and the same authentication as the
 * REST API: `authorization: Bearer <jwt>` metadata, verified on every call.
 */
@Injectable()
export class ApprovalGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener = new GrpcListener('approval');
  private readonly unary = grpcUnary<Caller>({
    authenticate: (bearer, call) => this.auth.authenticateCaller(bearer, call.getPeer()),
    onInternal: (err) => this.log.error({ err }, 'approval gRPC call failed'),
  });

  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(ListActionsService) private readonly listing: ListActionsService,
    @Inject(GetActionService) private readonly reading: GetActionService,
    @Inject(DecideService) private readonly deciding: DecideService,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(APPROVAL_SETTINGS)
    private readonly settings: Pick<ApprovalConfig, 'GRPC_ENABLED' | 'GRPC_PORT'>,
  ) {}

  /** Listens while the app runs when GRPC_ENABLED. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.GRPC_ENABLED) await this.start(this.settings.GRPC_PORT);
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  get port(): number {
    return this.listener.port;
  }

  implementation(): ApprovalServiceServer {
    return {
      listActions: this.unary(async (caller, call) => {
        const principal = caller.principal as Principal;
        const req = call.request;
        if (req.site === '')
          throw new ApprovalError(400, 'SITE_REQUIRED', 'site is required: every listing is site-scoped');
        const stateQuery = stateFilter(req.state);
        const risk = req.riskClass === 0 ? null : riskClassName(req.riskClass);
        if (req.riskClass !== 0 && !risk)
          throw new ApprovalError(400, 'BAD_FILTER', `unknown risk class ${req.riskClass}`);
        const limit = req.pageSize === 0 ? DEFAULT_LIMIT : Math.min(req.pageSize, MAX_LIMIT);
        const offset = parsePageToken(req.pageToken);
        const records = await this.listing.records(principal, {
          site: req.site,
          ...stateQuery,
          ...(risk ? { riskClass: risk } : {}),
          limit: limit + 1,
          skip: offset,
        });
        const page = records.slice(0, limit);
        return {
          actions: page.map((r) => actionView(r, this.listing.evaluation(r))),
          nextPageToken: records.length > limit ? String(offset + limit) : '',
        };
      }),
      getAction: this.unary(async (caller, call) => {
        const principal = caller.principal as Principal;
        const record = await this.reading.record(principal, call.request.actionId);
        return { action: actionView(record, this.listing.evaluation(record)) };
      }),
      decide: this.unary(async (caller, call) => {
        const principal = caller.principal as Principal;
        const req = call.request;
        if (req.userId !== '' && req.userId !== principal.userId) {
          throw new ApprovalError(
            403,
            'NOT_YOURS',
            `the token is ${principal.userId}'s; nobody signs for ${req.userId}`,
          );
        }
        const result = await this.deciding.decide(principal, req.actionId, {
          ...decideInput(req),
          ...(caller.authTime !== undefined ? { idpAuthTime: caller.authTime } : {}),
        });
        return { action: actionView(result.record, this.listing.evaluation(result.record)) };
      }),
    };
  }

  async start(port: number, host = '0.0.0.0'): Promise<number> {
    const bound = await this.listener.start(
      (server) => server.addService(ApprovalServiceService, this.implementation()),
      port,
      host,
    );
    this.log.info({ port: bound }, 'approval gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}

function parsePageToken(token: string): number {
  if (token === '') return 0;
  const n = Number(token);
  if (!Number.isInteger(n) || n < 0)
    throw new ApprovalError(400, 'BAD_PAGE_TOKEN', 'page_token is not one this server issued');
  return n;
}
