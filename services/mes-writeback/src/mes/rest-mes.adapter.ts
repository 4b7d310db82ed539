import { Agent } from 'undici';
import { tracedFetch, type Logger } from '@andon/observability';
import { retryPolicy, runWithRetry, type RetrySettings } from '@andon/resilience';
import { planCall, recordIdOf } from './call-plan';
import type { SiteEndpointMap } from './endpoint-map';
import {
  MesCallError,
  type MesCallRequest,
  type MesExecution,
  type MesPort,
  type MesResponseData,
} from './mes.port';

export interface RestMesOptions {
  maps: ReadonlyMap<string, SiteEndpointMap>;
  timeoutMs: number;
  /** `attempts` counts every try, the first included. */
  retry: RetrySettings;
  log: Logger;
  /** called before each retry (for a metric) */
  onRetry?: (attempt: number, reason: string) => void;
  /** The MES API credential (MES_API_TOKEN), sent as `Authorization: Bearer` on every request. */
  bearerToken?: string | undefined;
  /** Per-site credentials (MES_API_TOKENS); a site listed here uses its own instead of bearerToken. */
  siteTokens?: Readonly<Record<string, string>> | undefined;
  /** Client certificate for mutual TLS and/or the CA the MES server certificate must chain to (PEM text). */
  tls?: { cert?: string | undefined; key?: string | undefined; ca?: string | undefined } | undefined;
}

interface HttpResult {
  status: number;
  body: string;
}

/** A try that may succeed when repeated with the same idempotency key (network error, 5xx, 408, 429). */
class TransientMesFailure extends Error {
  constructor(
    readonly status: number | null,
    readonly body: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

// 408 and 429 say "later", not "wrong": like 5xx they are worth repeating with the same key.
const TRANSIENT_4XX = new Set([408, 429]);

/** The MES over HTTP, one endpoint map per site (config/mes-endpoints/<site>.yaml). */
export class RestMesAdapter implements MesPort {
  /** Connection pool presenting the client certificate (mTLS); undefined: fetch's default. */
  private readonly dispatcher: Agent | undefined;

  constructor(private readonly options: RestMesOptions) {
    const tls = options.tls;
    this.dispatcher = tls
      ? new Agent({
          connect: {
            ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
            ...(tls.ca ? { ca: tls.ca } : {}),
          },
        })
      : undefined;
  }

  /** Closes the mTLS connection pool. */
  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  /** Sites this adapter has an endpoint map for. */
  get sites(): string[] {
    return [...this.options.maps.keys()];
  }

  async execute(
    call: MesCallRequest,
    idempotencyKey: string,
    { dryRun }: { dryRun: boolean },
  ): Promise<MesExecution> {
    const plan = planCall(call, this.options.maps);
    if (dryRun) return { dryRun: true, request: plan.request };
    const headers = { 'content-type': 'application/json', [plan.site.idempotencyHeader]: idempotencyKey };
    const attempts = this.options.retry.attempts;
    const policy = retryPolicy(this.options.retry, {
      retryOn: (err) => err instanceof TransientMesFailure,
      onRetry: (attempt, err) => this.options.onRetry?.(attempt, (err as TransientMesFailure).reason),
    });
    try {
      return await runWithRetry(policy, async (attempt): Promise<MesExecution> => {
        let result: HttpResult;
        try {
          result = await this.send(
            plan.site.site,
            plan.request.method,
            plan.request.url,
            headers,
            plan.request.body,
          );
        } catch (err) {
          this.options.log.warn(
            { actionId: call.actionId, attempt, err },
            'MES call failed on the network; retrying with the same key',
          );
          throw new TransientMesFailure(null, '', `network: ${(err as Error).message}`);
        }
        if (result.status >= 200 && result.status < 300) {
          return {
            dryRun: false,
            attempts: attempt,
            response: {
              statusCode: result.status,
              body: result.body,
              recordId: recordIdOf(result.body, plan.mapping.recordId),
            },
          };
        }
        if (result.status < 500 && !TRANSIENT_4XX.has(result.status)) {
          throw new MesCallError(
            `MES refused ${call.actionType} with ${result.status}: ${truncate(result.body)}`,
            result.status,
            result.body,
            attempt,
            false,
          );
        }
        this.options.log.warn(
          { actionId: call.actionId, attempt, status: result.status },
          'MES call failed; retrying with the same key',
        );
        throw new TransientMesFailure(result.status, result.body, `status ${result.status}`);
      });
    } catch (err) {
      if (!(err instanceof TransientMesFailure)) throw err;
      throw new MesCallError(
        `MES call for ${call.actionType} still failing after ${attempts} attempts (${err.reason})`,
        err.status,
        err.body,
        attempts,
        true,
      );
    }
  }

  async effect(call: MesCallRequest, idempotencyKey: string): Promise<MesResponseData | null> {
    const plan = planCall(call, this.options.maps);
    const url = `${plan.site.baseUrl}${plan.site.effectPath.replace('{key}', encodeURIComponent(idempotencyKey))}`;
    const result = await this.send(plan.site.site, 'GET', url, { accept: 'application/json' });
    if (result.status === 404) return null;
    if (result.status >= 200 && result.status < 300) {
      return {
        statusCode: result.status,
        body: result.body,
        recordId: recordIdOf(result.body, plan.mapping.recordId),
      };
    }
    throw new MesCallError(
      `MES effect lookup answered ${result.status}`,
      result.status,
      result.body,
      1,
      result.status >= 500,
    );
  }

  private async send(
    site: string,
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<HttpResult> {
    const token = this.options.siteTokens?.[site] ?? this.options.bearerToken;
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    // The npm undici's Agent drives the global fetch (undici too); only its type
    // declarations differ from the copy @types/node ships.
    const dispatcher = this.dispatcher as unknown as RequestInit['dispatcher'];
    const init = {
      method,
      headers: { ...headers, ...auth },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
      ...(dispatcher ? { dispatcher } : {}),
    };
    const res = await tracedFetch(url, init, `mes ${method}`);
    return { status: res.status, body: await res.text() };
  }
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
