import { randomUUID } from 'node:crypto';
import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { PlantQueryServiceService, type PlantQueryServiceServer, GrpcListener } from '@andon/contracts';
import type { Principal } from '@andon/governance';
import { ServiceError as KitError, type UserAuthenticator } from '@andon/service-kit';
import type { Logger } from '@andon/observability';
import type { PlantQueryService } from '../plant-query.service';
import { answerToProto } from './plant-query-grpc.mapping';

class CallError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

const MAX_QUESTION = 500;

/**
 * PlantQueryService over grpc-js. Like REST, the caller is the verified bearer token in
 * `authorization` metadata and nothing else: there is no in-band caller to trust.
 */
export class PlantQueryGrpcServer {
  private readonly listener = new GrpcListener('plant-query');

  constructor(
    private readonly service: PlantQueryService,
    private readonly verifier: UserAuthenticator,
    private readonly log: Logger,
  ) {}

  get port(): number {
    return this.listener.port;
  }

  implementation(): PlantQueryServiceServer {
    return {
      ask: (call, callback) => {
        void (async () => {
          try {
            const principal = await this.principalOf(call.metadata);
            const req = call.request;
            const question = req.question.trim();
            if (!question || question.length > MAX_QUESTION)
              throw new CallError(status.INVALID_ARGUMENT, `question must be 1-${MAX_QUESTION} characters`);
            const answer = await this.service.ask(question, principal, {
              correlationId: req.correlationId || randomUUID(),
              ...(req.lines.length ? { lines: req.lines } : {}),
            });
            callback(null, answerToProto(answer));
          } catch (err) {
            if (err instanceof CallError) {
              callback({ code: err.code, details: err.message } as ServiceError);
              return;
            }
            this.log.error({ err }, 'plant-query gRPC call failed');
            callback({ code: status.INTERNAL, details: 'internal error' } as ServiceError);
          }
        })();
      },
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

  private async principalOf(metadata: Metadata): Promise<Principal> {
    const header = metadata.get('authorization')[0];
    try {
      const caller = await this.verifier.authenticate({ authorization: header === undefined ? undefined : String(header) });
      if (!caller.principal) throw new CallError(status.UNAUTHENTICATED, 'plant queries answer people');
      return caller.principal;
    } catch (err) {
      if (err instanceof KitError) throw new CallError(err.status === 503 ? status.UNAVAILABLE : status.UNAUTHENTICATED, `${err.code}: ${err.message}`);
      throw err;
    }
  }
}
