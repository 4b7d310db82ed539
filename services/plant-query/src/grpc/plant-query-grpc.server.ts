import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PlantQueryServiceService, type PlantQueryServiceServer, GrpcListener } from '@andon/contracts';
import type { Principal } from '@andon/governance/auth';
import { ServiceError, grpcUnary } from '@andon/service-kit';
import { PlantQueryRuntime } from '../plant-query-runtime';
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
      const { principal } = await this.runtime.verifier.authenticate({ authorization });
      if (!principal) throw new ServiceError(401, 'NOT_A_PERSON', 'plant queries answer people');
      return principal;
    },
    onInternal: (err) => this.runtime.deps.log.error({ err }, 'plant-query gRPC call failed'),
  });

  constructor(@Inject(PlantQueryRuntime) private readonly runtime: PlantQueryRuntime) {}

  /** Listens while the app runs when GRPC_ENABLED; independent of consuming. */
  async onApplicationBootstrap(): Promise<void> {
    const { config } = this.runtime.deps;
    if (config.GRPC_ENABLED) await this.start(config.PLANT_QUERY_GRPC_PORT);
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
        const answer = await this.runtime.service.ask(question, principal, {
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
    this.runtime.deps.log.info({ port: bound }, 'plant-query gRPC listening');
    return bound;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
