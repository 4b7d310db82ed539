import { status } from '@grpc/grpc-js';
import { toErrorResponse } from './kit-exception.filter';

const HTTP_TO_GRPC: Readonly<Record<number, status>> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  409: status.FAILED_PRECONDITION,
  413: status.RESOURCE_EXHAUSTED,
  422: status.INVALID_ARGUMENT,
  429: status.RESOURCE_EXHAUSTED,
  503: status.UNAVAILABLE,
};

export interface GrpcErrorStatus {
  code: status;
  details: string;
  name: string;
  message: string;
}

/**
 * The same refusal over gRPC as over HTTP: the status maps to its gRPC code, `name` carries
 * the error code and `details` the message. Anything unexpected is INTERNAL with no detail
 * (the caller logs it first).
 */
export function toGrpcError(err: unknown): GrpcErrorStatus {
  const { status: http, body } = toErrorResponse(err);
  if (http >= 500 && http !== 503)
    return { code: status.INTERNAL, details: 'internal error', name: 'INTERNAL', message: 'internal error' };
  return {
    code: HTTP_TO_GRPC[http] ?? status.UNKNOWN,
    details: body.message,
    name: body.code,
    message: body.message,
  };
}
