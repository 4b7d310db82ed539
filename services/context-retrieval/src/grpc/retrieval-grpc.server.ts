import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  RetrievalServiceService,
  type Caller,
  type RetrievalServiceServer,
  GrpcListener,
} from '@andon/contracts';
import { scopedSites } from '@andon/governance/auth';
import type { Logger } from '@andon/observability';
import {
  SERVICE_LOG,
  ServiceError,
  USER_SCHEME,
  authenticatorToken,
  grpcUnary,
  type Authenticator,
  SERVICE_CLOCK,
  type Clock,
} from '@andon/service-kit';
import { AskService } from '../ask/ask.service';
import type { ContextRetrievalModuleConfig } from '../config/context-retrieval.config';
import { RETRIEVAL_SETTINGS } from '../context-retrieval.tokens';
import { RetrieveService } from '../retrieve/retrieve.service';
import type { CallerContext } from '../domain/access-policy';
import { withScopeHints } from '../retrieve/scope-hints';
import { askToProto, callerFromProto, hitToProto, scopeFromProto } from './grpc-mapping';

/** Refusals as HTTP statuses: the kit maps them to the same gRPC codes REST callers see as HTTP. */
const DENIAL_STATUS: Readonly<Record<string, 400 | 403>> = {
  caller_not_cleared: 403,
  site_not_in_scope: 403,
  not_investigation_role: 403,
  empty_query: 400,
};

/**
 * RetrievalService over grpc-js. Who is asking comes from `authorization: Bearer <jwt>`
 * metadata when present (the token's roles and sites win), otherwise from the request's
 * Caller, which in-cluster services (the agents) fill with the end user they act for.
 */
@Injectable()
export class RetrievalGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener = new GrpcListener('retrieval');
  private readonly unary = grpcUnary<CallerContext>({
    authenticate: (bearer, call) =>
      this.callerOf(bearer, (call.request as { caller?: Caller | undefined }).caller),
    onInternal: (err) => this.log.error({ err }, 'retrieval gRPC call failed'),
  });

  constructor(
    private readonly retrieval: RetrieveService,
    private readonly asks: AskService,
    /** People's tokens: the same user scheme the REST routes authenticate with. */
    @Inject(authenticatorToken(USER_SCHEME)) private readonly people: Authenticator,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(RETRIEVAL_SETTINGS)
    private readonly settings: Pick<ContextRetrievalModuleConfig, 'GRPC_ENABLED' | 'GRPC_PORT'>,
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

  implementation(): RetrievalServiceServer {
    return {
      retrieve: this.unary(async (caller, call) => {
        const req = call.request;
        const scope = withScopeHints(req.query, scopeFromProto(req.filters), this.clock.now().getTime());
        const result = await this.retrieval.retrieve({
          query: req.query,
          caller,
          scope,
          topK: req.topK,
        });
        if (!result.ok)
          throw new ServiceError(
            DENIAL_STATUS[result.reason] ?? 403,
            result.reason.toUpperCase(),
            `${result.reason}: ${result.message}`,
          );
        return { hits: result.hits.map(hitToProto) };
      }),
      ask: this.unary(async (caller, call) => {
        const req = call.request;
        const result = await this.asks.ask({
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
    this.log.info({ port: bound }, 'retrieval gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  /**
   * The caller is who the verified bearer token says, never what the request claims: a
   * `caller` field in the request may only narrow the token's sites and roles.
   */
  private async callerOf(
    authorization: string | undefined,
    requestCaller: Caller | undefined,
  ): Promise<CallerContext> {
    // The kit's authenticator refuses a bad token with a ServiceError (401, or 503 when the key set is unreachable).
    const { principal } = await this.people.authenticate({ authorization });
    if (!principal) throw new ServiceError(401, 'NOT_A_PERSON', 'retrieval answers people');
    const verified: CallerContext = {
      userId: principal.userId,
      roles: principal.roles,
      sites: scopedSites(principal),
    };
    if (!requestCaller) return verified;
    const asserted = callerFromProto(requestCaller);
    if (asserted.userId !== '' && asserted.userId !== verified.userId) {
      throw new ServiceError(
        403,
        'NOT_YOURS',
        `the token is ${verified.userId}'s; the request names ${asserted.userId}`,
      );
    }
    return narrowCaller(verified, asserted);
  }
}

/** The verified caller, narrowed by what the request asked for (never widened). */
function narrowCaller(verified: CallerContext, asserted: CallerContext): CallerContext {
  const allSites = verified.sites.includes('*');
  const sites =
    asserted.sites.length === 0
      ? verified.sites
      : asserted.sites.filter((site) => allSites || (site !== '*' && verified.sites.includes(site)));
  const roles =
    asserted.roles.length === 0
      ? verified.roles
      : asserted.roles.filter((role) => verified.roles.includes(role));
  return {
    userId: verified.userId,
    roles,
    sites,
    ...(asserted.clearance !== undefined ? { clearance: asserted.clearance } : {}),
  };
}
