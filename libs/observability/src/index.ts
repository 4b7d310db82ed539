export { createLogger, messageLogger, type Logger, type MessageContext } from './logger';
export { formatPrettyLine, resolveLogFormat, type LogFormat } from './pretty-log';
export { Metrics } from './metrics';
export { HealthRegistry, type HealthCheck, type HealthReport } from './health-registry';
export { ObservabilityModule } from './observability.module';
export {
  startTracing,
  tracingEnabled,
  tracingRequested,
  resetTracingForTests,
  tracer,
  traceHeaders,
  contextFromHeaders,
  traceIdOf,
  withTraceParent,
  currentTraceParent,
  contextWithSpan,
  inSpan,
  inSpanFrom,
  TRACEPARENT,
  SpanKind,
  SpanStatusCode,
  type TracingHandle,
  type SpanOptions,
  type Span,
  type Context,
} from './tracing/tracing';
export { genAiChatSpan, GEN_AI, type GenAiRequest, type GenAiResult } from './tracing/genai';
export { tracedFetch } from './tracing/http-client';
