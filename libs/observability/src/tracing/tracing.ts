import {
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  trace,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry tracing for every Andon process, configured only by the standard OTEL_*
 * variables (docs/adr/0017): on when an OTLP endpoint is set, off otherwise. Off means no
 * SDK is started and the bus is not instrumented at all, so it costs one boolean check.
 */

export interface TracingHandle {
  readonly enabled: boolean;
  /** Exports what is buffered (tests, and before a process exits). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const OFF: TracingHandle = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };
let current: TracingHandle | undefined;

/** True when OTEL_* ask for traces: an OTLP endpoint, and neither OTEL_SDK_DISABLED nor OTEL_TRACES_EXPORTER=none. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env['OTEL_SDK_DISABLED'] ?? '').toLowerCase() === 'true') return false;
  const exporter = (env['OTEL_TRACES_EXPORTER'] ?? 'otlp').toLowerCase();
  if (exporter === 'none') return false;
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT']);
}

/**
 * Starts the tracer provider once per process (standalone runs every service in one):
 * W3C trace context propagator, AsyncLocalStorage context, batched OTLP/HTTP export.
 * The exporter, the sampler (OTEL_TRACES_SAMPLER[_ARG]) and the batch (OTEL_BSP_*) read
 * their own variables. `serviceName` is used when OTEL_SERVICE_NAME is not set.
 */
export function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { exporter?: SpanExporter } = {},
): TracingHandle {
  if (current) return current;
  if (!tracingRequested(env) && !options.exporter) {
    current = OFF;
    return current;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] || serviceName }),
    // A test's in-memory exporter gets every span at its end; OTLP export is batched.
    spanProcessors: [
      options.exporter
        ? new SimpleSpanProcessor(options.exporter)
        : new BatchSpanProcessor(new OTLPTraceExporter()),
    ],
  });
  provider.register();
  // HTTP server and client spans (W3C context in and out) from the official instrumentation;
  // probes and scrapes are not traced.
  const unload = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|$|\?)/.test(req.url ?? ''),
      }),
    ],
  });
  current = {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown: () => {
      unload();
      return provider.shutdown();
    },
  };
  return current;
}

/** Whether this process traces (startTracing ran and found an endpoint). */
export function tracingEnabled(): boolean {
  return current?.enabled === true;
}

/** Test hook: forget the started provider so the next startTracing reads the environment again. */
export async function resetTracingForTests(): Promise<void> {
  const was = current;
  current = undefined;
  if (was?.enabled) {
    await was.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

export function tracer(): Tracer {
  return trace.getTracer('andon');
}

/** The W3C `traceparent` header key. */
export const TRACEPARENT = 'traceparent';

const setter = {
  set(carrier: Record<string, string>, key: string, value: string) {
    carrier[key] = value;
  },
};
const getter = {
  keys: (carrier: Readonly<Record<string, string>>) => Object.keys(carrier),
  get: (carrier: Readonly<Record<string, string>>, key: string) => carrier[key],
};

/** The trace context headers (traceparent, tracestate) of `ctx`, or of the active context. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier, setter);
  return carrier;
}

/** The context a message's or request's headers carry (ROOT when they carry none). */
export function contextFromHeaders(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}

/** The trace id in a W3C traceparent header value, or undefined. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent ?? '');
  return match && match[1] !== '0'.repeat(32) ? match[1] : undefined;
}

/** Runs `fn` with the context `traceparent` names as the active one (no-op when absent or tracing is off). */
export function withTraceParent<T>(traceparent: string | undefined, fn: () => T): T {
  if (!traceparent || !tracingEnabled()) return fn();
  return context.with(contextFromHeaders({ [TRACEPARENT]: traceparent }), fn);
}

/** The active span's traceparent, for storing with a record a later step continues from. */
export function currentTraceParent(): string | undefined {
  return tracingEnabled() ? traceHeaders()[TRACEPARENT] : undefined;
}

/** A context whose active span is `span` (to inject its traceparent). */
export function contextWithSpan(span: Span): Context {
  return trace.setSpan(ROOT_CONTEXT, span);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context; the active one by default. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span, ending it when `fn` settles and recording a thrown
 * error. With tracing off `fn` runs directly and gets a non-recording span.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A hop that receives a traceparent outside the bus (an HTTP request): runs `fn` in a new
 * span under it, and hands `fn` the traceparent to carry on (the span's own, or with
 * tracing off the incoming one unchanged).
 */
export function inSpanFrom<T>(
  name: string,
  incoming: string | undefined,
  options: Omit<SpanOptions, 'parent'>,
  fn: (carry: string | undefined) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return fn(incoming);
  // Under the HTTP server span when the HTTP instrumentation made one (it read the same header).
  const active = trace.getSpanContext(context.active());
  const parent =
    active && trace.isSpanContextValid(active)
      ? context.active()
      : incoming
        ? contextFromHeaders({ [TRACEPARENT]: incoming })
        : ROOT_CONTEXT;
  return inSpan(name, { ...options, parent }, (span) => fn(traceHeaders(contextWithSpan(span))[TRACEPARENT]));
}

export { SpanKind, SpanStatusCode, type Span, type Context };
