import { status, type Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { ApprovalServiceService, type ApprovalServiceServer, GrpcListener } from '@andon/contracts';
import type { Principal } from '@andon/governance';
import type { Caller } from '@andon/service-kit';
import type { ApprovalCore } from '../approval-core';
import { ApprovalError } from '../domain/approval-error';
import { riskClassName } from '@andon/governance';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../list/list-actions.service';
import { actionView, decideInput, grpcCode, stateFilter } from './grpc-mapping';

/**
 * ApprovalService over grpc-js, on the same use cases and the same authentication as the
 * REST API: `authorization: Bearer <jwt>` metadata, verified on every call.
 */
export class ApprovalGrpcServer {
  private readonly listener = new GrpcListener('approval');

  constructor(private readonly core: ApprovalCore) {}

  get port(): number {
    return this.listener.port;
  }

  implementation(): ApprovalServiceServer {
    return {
      listActions: (call, callback) =>
        this.unary(call, callback, async (principal) => {
          const req = call.request;
          if (req.site === '')
            throw new ApprovalError(400, 'SITE_REQUIRED', 'site is required: every listing is site-scoped');
          const stateQuery = stateFilter(req.state);
          const risk = req.riskClass === 0 ? null : riskClassName(req.riskClass);
          if (req.riskClass !== 0 && !risk)
            throw new ApprovalError(400, 'BAD_FILTER', `unknown risk class ${req.riskClass}`);
          const limit = req.pageSize === 0 ? DEFAULT_LIMIT : Math.min(req.pageSize, MAX_LIMIT);
          const offset = parsePageToken(req.pageToken);
          const records = await this.core.list.records(principal, {
            site: req.site,
            ...stateQuery,
            ...(risk ? { riskClass: risk } : {}),
            limit: limit + 1,
            skip: offset,
          });
          const page = records.slice(0, limit);
          return {
            actions: page.map((r) => actionView(r, this.core.list.evaluation(r))),
            nextPageToken: records.length > limit ? String(offset + limit) : '',
          };
        }),
      getAction: (call, callback) =>
        this.unary(call, callback, async (principal) => {
          const record = await this.core.get.record(principal, call.request.actionId);
          return { action: actionView(record, this.core.list.evaluation(record)) };
        }),
      decide: (call, callback) =>
        this.unary(call, callback, async (principal, caller) => {
          const req = call.request;
          if (req.userId !== '' && req.userId !== principal.userId) {
            throw new ApprovalError(
              403,
              'NOT_YOURS',
              `the token is ${principal.userId}'s; nobody signs for ${req.userId}`,
            );
          }
          const result = await this.core.decide.decide(principal, req.actionId, {
            ...decideInput(req),
            ...(caller.authTime !== undefined ? { idpAuthTime: caller.authTime } : {}),
          });
          return { action: actionView(result.record, this.core.list.evaluation(result.record)) };
        }),
    };
  }

  async start(port: number, host = '0.0.0.0'): Promise<number> {
    const bound = await this.listener.start(
      (server) => server.addService(ApprovalServiceService, this.implementation()),
      port,
      host,
    );
    this.core.log.info({ port: bound }, 'approval gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  private unary<Req, Res>(
    call: ServerUnaryCall<Req, Res>,
    callback: sendUnaryData<Res>,
    run: (principal: Principal, caller: Caller) => Promise<Res>,
  ): void {
    void (async () => {
      try {
        const caller = await this.core.auth.authenticateCaller(bearer(call.metadata), call.getPeer());
        callback(null, await run(caller.principal as Principal, caller));
      } catch (err) {
        if (err instanceof ApprovalError) {
          callback({
            code: grpcCode(err.status),
            details: err.message,
            name: err.code,
            message: err.message,
          });
          return;
        }
        this.core.log.error({ err }, 'approval gRPC call failed');
        callback({
          code: status.INTERNAL,
          details: 'internal error',
          name: 'Error',
          message: 'internal error',
        });
      }
    })();
  }
}

function bearer(metadata: Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return typeof value === 'string' ? value : value?.toString('utf8');
}

function parsePageToken(token: string): number {
  if (token === '') return 0;
  const n = Number(token);
  if (!Number.isInteger(n) || n < 0)
    throw new ApprovalError(400, 'BAD_PAGE_TOKEN', 'page_token is not one this server issued');
  return n;
}

