import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PlantQueryServiceService, type PlantQueryServiceServer, GrpcListener } from '@andon/contracts';
import type { Principal } from '@andon/governance/auth';
import type { Logger } from '@andon/observability';
import {
  SERVICE_LOG,
  ServiceError,
  USER_SCHEME,
  authenticatorToken,
  grpcUnary,
  type Authenticator,
} from '@andon/service-kit';
import type { PlantQuerySettings } from '../config/plant-query.config';
import { PlantQueryService } from '../plant-query.service';
import { PLANT_QUERY_SETTINGS } from '../plant-query.tokens';
import { answerToProto } from './plant-query-grpc.mapping';

const MAX_QUESTION = 500;

/**
 * PlantQueryService over grpc-js. Like REST, the caller is the verified bearer token in
 * `authorization` metadata and nothing else: there is no in-band caller to trust.
 */
@Injectable()
export class PlantQueryGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener = new GrpcListener('plant-query');
  private readonly unary = grpcUnary<Principal>({
    authenticate: async (authorization) => {
      const { principal } = await this.verifier.authenticate({ authorization });
      if (!principal) throw new ServiceError(401, 'NOT_A_PERSON', 'plant queries answer people');
      return principal;
    },
    onInternal: (err) => this.log.error({ err }, 'plant-query gRPC call failed'),
  });

  constructor(
    @Inject(PlantQueryService) private readonly service: PlantQueryService,
    /** People's bearer tokens, as on REST; without a key configured it refuses every call. */
    @Inject(authenticatorToken(USER_SCHEME)) private readonly verifier: Authenticator,
    @Inject(PLANT_QUERY_SETTINGS) private readonly config: PlantQuerySettings,
    @Inject(SERVICE_LOG) private readonly log: Logger,
  ) {}

  /** Listens while the app runs when GRPC_ENABLED; independent of consuming. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.GRPC_ENABLED) await this.start(this.config.PLANT_QUERY_GRPC_PORT);
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  get port(): number {
    return this.listener.port;
  }

  implementation(): PlantQueryServiceServer {
    return {
      ask: this.unary(async (principal, call) => {
        const req = call.request;
        const question = req.question.trim();
        if (!question || question.length > MAX_QUESTION)
          throw new ServiceError(400, 'BAD_QUESTION', `question must be 1-${MAX_QUESTION} characters`);
        const answer = await this.service.ask(question, principal, {
          correlationId: req.correlationId || randomUUID(),
          ...(req.lines.length ? { lines: req.lines } : {}),
        });
        return answerToProto(answer);
      }),
    };
  }

  async start(port: number, host = '0.0.0.0'): Promise<number> {
    const bound = await this.listener.start(
      (server) => server.addService(PlantQueryServiceService, this.implementation()),
      port,
      host,
    );
    this.log.info({ port: bound }, 'plant-query gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
