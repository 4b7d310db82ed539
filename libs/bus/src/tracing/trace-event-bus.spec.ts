import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  createLogger,
  inSpan,
  resetTracingForTests,
  startTracing,
  traceIdOf,
  TRACEPARENT,
} from '@andon/observability';
import type { MessageContext } from '../event-bus.port';
import { InProcessEventBus } from '../in-process/in-process-event-bus';
import { traceEventBus } from './trace-event-bus';

const silent = () => createLogger('trace-test', 'silent');

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

describe('trace context through the bus', () => {
  afterEach(() => resetTracingForTests());

  it('leaves the bus untouched and adds no header when tracing is off', async () => {
    startTracing('off-test', {});
    const bus = new InProcessEventBus({ logger: silent() });
    const publish = bus.publish;
    expect(traceEventBus(bus).publish).toBe(publish);
    await bus.ensureTopics([{ name: 't.off', partitions: 1 }]);
    const seen: MessageContext[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['t.off'], handler: async (_v, ctx) => void seen.push(ctx) });
    await bus.publish([{ topic: 't.off', value: new Uint8Array([1]) }]);
    await waitUntil(() => seen.length === 1);
    expect(seen[0]?.headers[TRACEPARENT]).toBeUndefined();
    await bus.close();
  });

  it('carries the publisher trace to the consumer and on to what the handler publishes', async () => {
    const exporter = new InMemorySpanExporter();
    startTracing('on-test', {}, { exporter });
    const bus = traceEventBus(new InProcessEventBus({ logger: silent() }));
    await bus.ensureTopics([
      { name: 't.in', partitions: 1 },
      { name: 't.out', partitions: 1 },
    ]);
    const outCtx: MessageContext[] = [];
    await bus.subscribe({
      groupId: 'relay',
      topics: ['t.in'],
      handler: async (value) => bus.publish([{ topic: 't.out', value }]),
    });
    await bus.subscribe({
      groupId: 'sink',
      topics: ['t.out'],
      handler: async (_v, ctx) => void outCtx.push(ctx),
    });

    let rootTrace = '';
    let rootSpan = '';
    await inSpan('plant', {}, async (span) => {
      rootTrace = span.spanContext().traceId;
      rootSpan = span.spanContext().spanId;
      await bus.publish([{ topic: 't.in', value: new Uint8Array([7]) }]);
    });
    await waitUntil(() => outCtx.length === 1 && exporter.getFinishedSpans().length >= 3);

    const spans = exporter.getFinishedSpans();
    const relay = spans.find((s) => s.name === 'process t.in');
    const sink = spans.find((s) => s.name === 'process t.out');
    expect(relay?.spanContext().traceId).toBe(rootTrace);
    expect(parentOf(relay as ReadableSpan)).toBe(rootSpan);
    expect(sink?.spanContext().traceId).toBe(rootTrace);
    expect(parentOf(sink as ReadableSpan)).toBe(relay?.spanContext().spanId);
    // The handler sees its own hop's traceparent, so a copied header continues from it.
    expect(outCtx[0]?.headers[TRACEPARENT]).toContain(sink?.spanContext().spanId);
    expect(sink?.attributes['messaging.destination.name']).toBe('t.out');
    await bus.close();
  });

  it('keeps a traceparent the producer carries on purpose', async () => {
    const exporter = new InMemorySpanExporter();
    startTracing('keep-test', {}, { exporter });
    const bus = traceEventBus(new InProcessEventBus({ logger: silent() }));
    await bus.ensureTopics([{ name: 't.keep', partitions: 1 }]);
    const carried = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await bus.subscribe({ groupId: 'g', topics: ['t.keep'], handler: async () => undefined });
    await inSpan('elsewhere', {}, () =>
      bus.publish([{ topic: 't.keep', value: new Uint8Array([1]), headers: { [TRACEPARENT]: carried } }]),
    );
    await waitUntil(() => exporter.getFinishedSpans().some((s) => s.name === 'process t.keep'));
    const consumer = exporter.getFinishedSpans().find((s) => s.name === 'process t.keep');
    expect(consumer?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parentOf(consumer as ReadableSpan)).toBe('b7ad6b7169203331');
    await bus.close();
  });

  it('gives every record of a batch its own span under its own trace', async () => {
    const exporter = new InMemorySpanExporter();
    startTracing('batch-test', {}, { exporter });
    const bus = traceEventBus(new InProcessEventBus({ logger: silent() }));
    await bus.ensureTopics([{ name: 't.batch', partitions: 1 }]);
    const traces = ['1'.repeat(32), '2'.repeat(32)];
    const seen: string[] = [];
    await bus.publish(
      traces.map((t) => ({
        topic: 't.batch',
        value: new Uint8Array([1]),
        headers: { [TRACEPARENT]: `00-${t}-${'a'.repeat(16)}-01` },
      })),
    );
    await bus.subscribe({
      groupId: 'g',
      topics: ['t.batch'],
      handler: async () => undefined,
      batchHandler: async (items) => void seen.push(...items.map((i) => i.ctx.headers[TRACEPARENT] ?? '')),
    });
    await waitUntil(() => seen.length === 2 && exporter.getFinishedSpans().length === 2);
    expect(seen.map((tp) => traceIdOf(tp))).toEqual(traces);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.spanContext().traceId).sort()).toEqual(traces);
    expect(seen.map((tp) => tp.split('-')[2]).sort()).toEqual(
      spans.map((s) => s.spanContext().spanId).sort(),
    );
    await bus.close();
  });
});

describe('traceIdOf', () => {
  it('reads a W3C traceparent and refuses malformed or all-zero ids', () => {
    expect(traceIdOf('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe(
      '0af7651916cd43dd8448eb211c80319c',
    );
    expect(traceIdOf(`00-${'0'.repeat(32)}-b7ad6b7169203331-01`)).toBeUndefined();
    expect(traceIdOf('garbage')).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}
