import { randomUUID } from 'node:crypto';
import {
  status,
  type Metadata,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  RetrievalServiceService,
  type Caller,
  type RetrievalServiceServer,
  GrpcListener,
} from '@andon/contracts';
import { scopedSites } from '@andon/governance';
import { ServiceError as KitError } from '@andon/service-kit';
import type { ContextRetrievalCore } from '../context-retrieval-core';
import type { CallerContext } from '../domain/access-policy';
import { withScopeHints } from '../retrieve/scope-hints';
import { askToProto, callerFromProto, hitToProto, scopeFromProto } from './grpc-mapping';

const DENIAL_CODES: Readonly<Record<string, status>> = {
  caller_not_cleared: status.PERMISSION_DENIED,
  site_not_in_scope: status.PERMISSION_DENIED,
  not_investigation_role: status.PERMISSION_DENIED,
  empty_query: status.INVALID_ARGUMENT,
};

class CallError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * RetrievalService over grpc-js. Who is asking comes from `authorization: Bearer <jwt>`
 * metadata when present (the token's roles and sites win), otherwise from the request's
 * Caller, which in-cluster services (the agents) fill with the end user they act for.
 */
export class RetrievalGrpcServer {
  private readonly listener = new GrpcListener('retrieval');

  constructor(private readonly core: ContextRetrievalCore) {}

  get port(): number {
    return this.listener.port;
  }

  implementation(): RetrievalServiceServer {
    return {
      retrieve: (call, callback) =>
        this.unary(call, callback, async (caller) => {
          const req = call.request;
          const scope = withScopeHints(req.query, scopeFromProto(req.filters), this.core.now());
          const result = await this.core.retrieve.retrieve({
            query: req.query,
            caller,
            scope,
            topK: req.topK,
          });
          if (!result.ok)
            throw new CallError(
              DENIAL_CODES[result.reason] ?? status.PERMISSION_DENIED,
              `${result.reason}: ${result.message}`,
            );
          return { hits: result.hits.map(hitToProto) };
        }),
      ask: (call, callback) =>
        this.unary(call, callback, async (caller) => {
          const req = call.request;
          const result = await this.core.ask.ask({
            question: req.question,
            caller,
            scope: scopeFromProto(req.filters),
            correlationId: req.correlationId || randomUUID(),
          });
          return askToProto(result);
        }),
    };
  }

  async start(port: number, host = '0.0.0.0'): Promise<number> {
    const bound = await this.listener.start(
      (server) => server.addService(RetrievalServiceService, this.implementation()),
      port,
      host,
    );
    this.core.log.info({ port: bound }, 'retrieval gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  /**
   * The caller is who the verified bearer token says, never what the request claims: a
   * `caller` field in the request may only narrow the token's sites and roles.
   */
  private async callerOf(metadata: Metadata, requestCaller: Caller | undefined): Promise<CallerContext> {
    const header = metadata.get('authorization')[0];
    let principal;
    try {
      principal = (await this.core.verifier.authenticate({ authorization: header === undefined ? undefined : String(header) })).principal;
    } catch (err) {
      if (err instanceof KitError) throw new CallError(err.status === 503 ? status.UNAVAILABLE : status.UNAUTHENTICATED, `${err.code}: ${err.message}`);
      throw err;
    }
    if (!principal) throw new CallError(status.UNAUTHENTICATED, 'retrieval answers people');
    const verified: CallerContext = { userId: principal.userId, roles: principal.roles, sites: scopedSites(principal) };
    if (!requestCaller) return verified;
    const asserted = callerFromProto(requestCaller);
    if (asserted.userId !== '' && asserted.userId !== verified.userId) {
      throw new CallError(status.PERMISSION_DENIED, `the token is ${verified.userId}'s; the request names ${asserted.userId}`);
    }
    return narrowCaller(verified, asserted);
  }

  private unary<Req extends { caller: Caller | undefined }, Res>(
    call: ServerUnaryCall<Req, Res>,
    callback: sendUnaryData<Res>,
    run: (caller: CallerContext) => Promise<Res>,
  ): void {
    void (async () => {
      try {
        callback(null, await run(await this.callerOf(call.metadata, call.request.caller)));
      } catch (err) {
        if (err instanceof CallError) {
          callback({ code: err.code, details: err.message } as ServiceError);
          return;
        }
        this.core.log.error({ err }, 'retrieval gRPC call failed');
        callback({ code: status.INTERNAL, details: 'internal error' } as ServiceError);
      }
    })();
  }
}

/** The verified caller, narrowed by what the request asked for (never widened). */
function narrowCaller(verified: CallerContext, asserted: CallerContext): CallerContext {
  const allSites = verified.sites.includes('*');
  const sites = asserted.sites.length === 0 ? verified.sites : asserted.sites.filter((site) => allSites || (site !== '*' && verified.sites.includes(site)));
  const roles = asserted.roles.length === 0 ? verified.roles : asserted.roles.filter((role) => verified.roles.includes(role));
  return { userId: verified.userId, roles, sites, ...(asserted.clearance !== undefined ? { clearance: asserted.clearance } : {}) };
}
