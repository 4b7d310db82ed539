export type ServiceErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * A refusal the caller can act on. Every service answers with the same body,
 * `{ code, message }`, and the same status; transports map it (gRPC to the matching code).
 */
export class ServiceError extends Error {
  constructor(
    readonly status: ServiceErrorStatus,
    readonly code: string,
    message: string,
    /** Sent as response headers (WWW-Authenticate, Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The one error body of every HTTP service. */
export interface ErrorBody {
  code: string;
  message: string;
}
