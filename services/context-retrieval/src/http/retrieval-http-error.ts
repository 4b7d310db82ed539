/** A refusal with its HTTP status and a stable code, rendered as `{ error, code }`. */
export class RetrievalHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RetrievalHttpError';
  }
}
