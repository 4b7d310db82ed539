import { SpanKind, SpanStatusCode, inSpan, traceHeaders, tracingEnabled } from './tracing';

/**
 * `fetch` inside an HTTP client span that also carries the trace to the server in a
 * `traceparent` header (a MES that traces joins the trace). With tracing off it is fetch.
 */
export async function tracedFetch(
  url: string,
  init: RequestInit & { headers?: Record<string, string> },
  spanName?: string,
): Promise<Response> {
  if (!tracingEnabled()) return fetch(url, init);
  const method = (init.method ?? 'GET').toUpperCase();
  const target = new URL(url);
  return inSpan(
    spanName ?? `${method}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'url.full': `${target.origin}${target.pathname}`,
        'server.address': target.hostname,
        'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
      },
    },
    async (span) => {
      const res = await fetch(url, { ...init, headers: { ...init.headers, ...traceHeaders() } });
      span.setAttribute('http.response.status_code', res.status);
      if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.status}` });
      return res;
    },
  );
}
