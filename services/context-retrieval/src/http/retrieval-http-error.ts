import { ServiceError, type ServiceErrorStatus } from '@andon/service-kit';

/** A refusal with its HTTP status and a stable code, rendered by the kit as `{ code, message }`. */
export class RetrievalHttpError extends ServiceError {
  constructor(status: ServiceErrorStatus, code: string, message: string) {
    super(status, code, message);
    this.name = 'RetrievalHttpError';
  }
}
