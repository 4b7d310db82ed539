import { Inject, Injectable } from '@nestjs/common';
import type { McpSettings } from '../config/mcp.config';
import { MCP_SETTINGS } from '../mcp.tokens';

export type ApiResult<T> =
  { ok: true; status: number; body: T } | { ok: false; status: number; code: string; message: string };

type Method = 'GET' | 'POST';

/**
 * The other services' REST APIs as the console uses them, with a downstream token for
 * the caller. The MCP server imports none of their code: their answers (and refusals)
 * are theirs, including every site, line and role check they make.
 */
@Injectable()
export class AndonApiClient {
  constructor(
    @Inject(MCP_SETTINGS)
    private readonly config: Pick<
      McpSettings,
      | 'MCP_PLANT_QUERY_URL'
      | 'MCP_RETRIEVAL_URL'
      | 'MCP_APPROVAL_URL'
      | 'MCP_LEDGER_URL'
      | 'MCP_DOWNSTREAM_TIMEOUT_MS'
    >,
  ) {}

  askPlant<T>(token: string, body: { question: string; lines?: string[] }): Promise<ApiResult<T>> {
    return this.call(token, 'POST', this.config.MCP_PLANT_QUERY_URL, '/api/plant-query', body);
  }

  retrieve<T>(token: string, body: Record<string, unknown>): Promise<ApiResult<T>> {
    return this.call(token, 'POST', this.config.MCP_RETRIEVAL_URL, '/api/retrieve', body);
  }

  document<T>(token: string, documentId: string, revision?: string): Promise<ApiResult<T>> {
    const q = revision ? `?revision=${encodeURIComponent(revision)}` : '';
    return this.call(
      token,
      'GET',
      this.config.MCP_RETRIEVAL_URL,
      `/api/documents/${encodeURIComponent(documentId)}${q}`,
    );
  }

  record<T>(token: string, recordId: string): Promise<ApiResult<T>> {
    return this.call(
      token,
      'GET',
      this.config.MCP_RETRIEVAL_URL,
      `/api/records/${encodeURIComponent(recordId)}`,
    );
  }

  listActions<T>(token: string, query: Record<string, string>): Promise<ApiResult<T>> {
    return this.call(
      token,
      'GET',
      this.config.MCP_APPROVAL_URL,
      `/api/actions?${new URLSearchParams(query).toString()}`,
    );
  }

  action<T>(token: string, actionId: string): Promise<ApiResult<T>> {
    return this.call(
      token,
      'GET',
      this.config.MCP_APPROVAL_URL,
      `/api/actions/${encodeURIComponent(actionId)}`,
    );
  }

  verifyLedger<T>(token: string): Promise<ApiResult<T>> {
    return this.call(token, 'POST', this.config.MCP_LEDGER_URL, '/api/ledger/verify', {});
  }

  private async call<T>(
    token: string,
    method: Method,
    base: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await fetch(`${base.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.config.MCP_DOWNSTREAM_TIMEOUT_MS),
      });
    } catch (err) {
      return {
        ok: false,
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        message: `${method} ${path}: ${(err as Error).message}`,
      };
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.ok) return { ok: true, status: res.status, body: json as T };
    const err = (json ?? {}) as { code?: unknown; message?: unknown; error?: unknown };
    const code = typeof err.code === 'string' ? err.code : `HTTP_${res.status}`;
    const message =
      typeof err.message === 'string'
        ? err.message
        : typeof err.error === 'string'
          ? err.error
          : text.slice(0, 300);
    return { ok: false, status: res.status, code, message };
  }
}
