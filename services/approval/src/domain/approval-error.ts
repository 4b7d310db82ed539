export type ApprovalErrorStatus = 400 | 401 | 403 | 404 | 409 | 503;

/**
 * A refusal the caller can act on. Transports map the status (HTTP as is, gRPC to the
 * matching code) and show `message` verbatim, so it says what is wrong and why.
 */
export class ApprovalError extends Error {
  constructor(
    readonly status: ApprovalErrorStatus,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}
