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

  private async callerOf(metadata: Metadata, requestCaller: Caller | undefined): Promise<CallerContext> {
    const header = metadata.get('authorization')[0];
    if (header !== undefined) {
      if (!this.core.verifier)
        throw new CallError(status.UNAUTHENTICATED, 'a bearer token was sent but no JWT key is configured');
      const auth = await this.core.verifier.verifyBearer(String(header));
      if (!auth.ok)
        throw new CallError(
          auth.status === 503 ? status.UNAVAILABLE : status.UNAUTHENTICATED,
          `${auth.code}: ${auth.message}`,
        );
      return { userId: auth.principal.userId, roles: auth.principal.roles, sites: scopedSites(auth.principal) };
    }
    if (!requestCaller)
      throw new CallError(
        status.UNAUTHENTICATED,
        'no caller: send a Caller or an authorization bearer token',
      );
    return callerFromProto(requestCaller);
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
