import type { Metadata, ServerUnaryCall, handleUnaryCall } from '@grpc/grpc-js';
import { toGrpcError } from '../errors/grpc-error';

/** The bearer token of a call: `authorization` metadata, as the REST API reads the header. */
export function bearerOf(metadata: Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return typeof value === 'string' ? value : value?.toString('utf8');
}

export interface GrpcUnaryOptions<P> {
  /**
   * Who calls, from the `authorization` metadata (and the call, for its peer); throws a
   * ServiceError (401/403/503) to refuse. Runs before the handler, on every call.
   */
  authenticate: (bearer: string | undefined, call: ServerUnaryCall<unknown, unknown>) => Promise<P>;
  /** Logs a failure the caller only sees as INTERNAL. */
  onInternal: (err: unknown) => void;
}

/** A unary method: the authenticated caller and the call in, the response out (or a thrown ServiceError). */
export type UnaryRun<P, Req, Res> = (caller: P, call: ServerUnaryCall<Req, Res>) => Promise<Res>;

/**
 * The one way a service answers a unary gRPC call: authenticate from metadata, run, map
 * any refusal through `toGrpcError` (the same code and message as over HTTP), log and hide
 * anything unexpected. Returns a factory for the service's handlers.
 */
export function grpcUnary<P>(
  options: GrpcUnaryOptions<P>,
): <Req, Res>(run: UnaryRun<P, Req, Res>) => handleUnaryCall<Req, Res> {
  return <Req, Res>(run: UnaryRun<P, Req, Res>): handleUnaryCall<Req, Res> =>
    (call, callback) => {
      void (async () => {
        try {
          const caller = await options.authenticate(
            bearerOf(call.metadata),
            call as ServerUnaryCall<unknown, unknown>,
          );
          callback(null, await run(caller, call));
        } catch (err) {
          const mapped = toGrpcError(err);
          if (mapped.name === 'INTERNAL') options.onInternal(err);
          callback(mapped);
        }
      })();
    };
}
