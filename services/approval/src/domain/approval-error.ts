import { ServiceError } from '@andon/service-kit';

export type ApprovalErrorStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

/**
 * A refusal the caller can act on. Transports map the status (HTTP as is through the
 * kit's filter, gRPC to the matching code) and show `message` verbatim, so it says what
 * is wrong and why.
 */
export class ApprovalError extends ServiceError {
  constructor(
    override readonly status: ApprovalErrorStatus,
    code: string,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(status, code, message, headers);
    this.name = 'ApprovalError';
  }
}
