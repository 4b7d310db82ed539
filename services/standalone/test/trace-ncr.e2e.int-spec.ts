import { randomBytes } from 'node:crypto';
import { jaegerUrls, waitFor } from '@andon/testing';
import { getJson, login, startStandalone, type RunningStandalone } from './support/standalone-process';

const INGEST_TOKEN = 'trace-ingest-token';
const MES_TOKEN = 'trace-mes-token';

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; spanID: string }>;
  tags: Array<{ key: string; value: unknown }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
}

/**
 * One NCR, one trace, read back from a real trace backend: the plant's traceparent on the
 * raw record reaches ingest, the quality agent, approval (across two human signatures
 * given minutes apart in real life), mes-writeback and its MES HTTP call, and Jaeger
 * (OTLP/HTTP in, query API out) holds them as one tree. The ledger entries of the action
 * carry the same trace id.
 */
describe('tracing: one NCR from raw record to MES call in one trace (Jaeger)', () => {
  let andon: RunningStandalone;
  const jaeger = jaegerUrls();
  const serviceName = `andon-trace-e2e-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    andon = await startStandalone({
      SIM_GENERATOR: 'false',
      INGEST_HTTP_TOKENS: INGEST_TOKEN,
      MES_API_TOKEN: MES_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlp,
      OTEL_SERVICE_NAME: serviceName,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
  }, 180_000);

  afterAll(async () => {
    await andon?.stop();
  });

  it('holds the lot and the trace runs from ingest to the MES call', async () => {
    const lots = await getJson<Array<{ id: string; status: string }>>(
      `${andon.url}/mes/v1/lots?site=plant-a&line=line-1`,
      MES_TOKEN,
    );
    const lot = lots[0];
    if (!lot) throw new Error('mes-sim has no lot on plant-a/line-1');

    // The plant's QMS starts the trace, as an integration team's traced client would.
    const traceId = randomBytes(16).toString('hex');
    const plantSpanId = randomBytes(8).toString('hex');
    const ingest = await fetch(`${andon.url}/ingest/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${INGEST_TOKEN}`,
        traceparent: `00-${traceId}-${plantSpanId}-01`,
      },
      body: JSON.stringify({
        sourceSystem: 'QMS',
        sourceEventId: `trace-ncr-${Date.now()}`,
        eventType: 'nonconformance',
        location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1' },
        occurredAt: new Date().toISOString(),
        payload: {
          ncrId: 'NCR-TRACE-1',
          categoryCode: 'Q-DIM',
          severity: 'MAJOR',
          description: `Short shots on ${lot.id}; 9 parts affected`,
          lotIds: [lot.id],
          product: 'PX-100',
        },
      }),
    });
    expect(ingest.status).toBe(202);

    const anna = await login(andon.url, 'qe.anna');
    const hold = await waitFor(
      async () => {
        const { actions } = await getJson<{
          actions: Array<{ actionId: string; actionType: string; payloadJson?: string }>;
        }>(`${andon.url}/api/actions?state=pending`, anna);
        return actions.find(
          (a) => a.actionType === 'mes.hold_lot' && (a.payloadJson ?? JSON.stringify(a)).includes(lot.id),
        );
      },
      { timeoutMs: 60_000, description: `a proposed hold of ${lot.id}` },
    );
    const ben = await login(andon.url, 'sup.ben');
    for (const [token, meaning] of [
      [anna, 'approval'],
      [ben, 'responsibility'],
    ] as const) {
      const res = await fetch(`${andon.url}/api/actions/${encodeURIComponent(hold.actionId)}/decisions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          decision: 'approve',
          meaning,
          reason: 'Containment per NCR',
          password: 'andon-demo',
        }),
      });
      expect(res.status).toBe(200);
    }
    await waitFor(
      async () =>
        (await getJson<{ status: string }>(`${andon.url}/mes/v1/lots/${lot.id}`, MES_TOKEN)).status ===
        'held',
      { timeoutMs: 30_000, description: `${lot.id} held in mes-sim` },
    );

    // Read the trace back until the hop after the MES call (its executed record, consumed by the ledger) is in.
    const trace = await waitFor(
      async () => {
        const res = await fetch(`${jaeger.query}/api/traces/${traceId}`);
        if (!res.ok) return undefined;
        const body = (await res.json()) as { data: JaegerTrace[] | null };
        const found = body.data?.[0];
        return found?.spans.some((s) => s.operationName === 'process andon.actions.executed.v1')
          ? found
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: `trace ${traceId} in Jaeger with the executed hop` },
    );
    const names = new Set(trace.spans.map((s) => s.operationName));
    for (const hop of [
      'process andon.plant-events.v1',
      'process andon.actions.proposed.v1',
      'process andon.actions.decided.v1',
      'mes POST',
      'process andon.actions.executed.v1',
    ]) {
      expect(names).toContain(hop);
    }
    expect(names).toContain('ingest http event');

    // One tree: the MES call descends from the ingest hop, which hangs under the plant's span.
    const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
    const ancestors = (span: JaegerSpan): string[] => {
      const names: string[] = [];
      for (let parent = span.references.find((r) => r.refType === 'CHILD_OF'); parent;) {
        const next = byId.get(parent.spanID);
        if (!next) {
          names.push(`(${parent.spanID})`);
          break;
        }
        names.push(next.operationName);
        parent = next.references.find((r) => r.refType === 'CHILD_OF');
      }
      return names;
    };
    const mesCall = trace.spans.find((s) => s.operationName === 'mes POST');
    if (!mesCall) throw new Error('no MES call span');
    const chain = ancestors(mesCall);
    expect(chain).toEqual(
      expect.arrayContaining([
        'process andon.actions.decided.v1',
        'process andon.actions.proposed.v1',
        'process andon.plant-events.v1',
      ]),
    );
    expect(chain).toContain('ingest http event');
    expect(chain[chain.length - 1]).toBe(`(${plantSpanId})`);
    // HTTP server spans (official HTTP instrumentation): the ingest request under the plant's
    // span, and the simulated MES answering the write-back's call under that call.
    expect(chain[chain.length - 2]).toBe('POST');
    expect(
      trace.spans.some(
        (s) =>
          s.operationName === 'POST' &&
          s.references.some((r) => r.refType === 'CHILD_OF' && r.spanID === mesCall.spanID),
      ),
    ).toBe(true);
    const status = mesCall.tags.find((t) => t.key === 'http.response.status_code')?.value;
    expect(typeof status === 'number' && status >= 200 && status < 300).toBe(true);

    // The ledger entries of the action carry the trace id.
    const admin = await login(andon.url, 'admin');
    const { entries } = await getJson<{
      entries: Array<{ kind: string; payload: { source?: { traceId?: string } } }>;
    }>(`${andon.url}/api/ledger/entries?subjectId=${encodeURIComponent(hold.actionId)}`, admin);
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['action.proposed', 'action.executed']),
    );
    for (const entry of entries) expect(entry.payload.source?.traceId).toBe(traceId);
    // ...and the console shows it next to the action.
    const detail = await getJson<{ traceId: string | null }>(
      `${andon.url}/api/actions/${encodeURIComponent(hold.actionId)}`,
      anna,
    );
    expect(detail.traceId).toBe(traceId);
  }, 240_000);
});
