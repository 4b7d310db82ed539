/**
 * The MES as the write-back adapter sees it. One adapter serves every site; the call
 * names its site and the adapter routes it (base URL, endpoint map) per site.
 */

/** Everything the adapter needs to make (or validate) one approved call; all of it is hash-bound. */
export interface MesCallRequest {
  actionId: string;
  /** e.g. "mes.hold_lot"; selects the endpoint mapping */
  actionType: string;
  method: string;
  /** relative to the site's base URL, e.g. "/lots/LOT-5/hold" */
  path: string;
  /** the approved request body, sent byte for byte (plus mapped injections) */
  payloadJson: string;
  location: { enterprise: string; site: string; area: string; line: string; cell: string };
}

/** The request the adapter would send; returned by dry runs. */
export interface PlannedRequest {
  method: string;
  url: string;
  body: string;
}

export interface MesResponseData {
  statusCode: number;
  body: string;
  /** the MES's own id for the transaction ('' when the mapping names none) */
  recordId: string;
}

export type MesExecution =
  { dryRun: true; request: PlannedRequest } | { dryRun: false; response: MesResponseData; attempts: number };

export interface MesPort {
  /**
   * Sends the call with the idempotency key (the MES applies a key at most once), retrying
   * 5xx and network failures with backoff. Throws MesValidationError before any request
   * when the call does not fit the site's endpoint map, MesCallError on a final failure.
   */
  execute(call: MesCallRequest, idempotencyKey: string, options: { dryRun: boolean }): Promise<MesExecution>;
  /** Whether `idempotencyKey` already took effect: the recorded response, or null. */
  effect(call: MesCallRequest, idempotencyKey: string): Promise<MesResponseData | null>;
}

/** The call does not fit the endpoint map (no mapping, wrong method/path, missing field): nothing was sent. */
export class MesValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MesValidationError';
  }
}

/** The MES refused (4xx) or kept failing (5xx/network) until retries ran out. */
export class MesCallError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly body: string,
    readonly attempts: number,
    /** false for 4xx: the request itself is wrong and repeating it cannot help */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'MesCallError';
  }
}
