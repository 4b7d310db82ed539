import {
  contextFromHeaders,
  contextWithSpan,
  inSpan,
  SpanKind,
  TRACEPARENT,
  traceHeaders,
  tracingEnabled,
  tracer,
  type Span,
} from '@andon/observability';
import type {
  BatchHandler,
  BatchItem,
  EventBus,
  MessageContext,
  MessageHandler,
  OutgoingMessage,
  SubscribeOptions,
} from '../event-bus.port';

/**
 * W3C trace context through the bus, for every adapter at once (docs/adr/0017):
 * - publish: a message without a `traceparent` header gets the active context's, so an
 *   event published while handling another continues its trace; a producer that carries
 *   one on purpose (ingest copies the raw record's, approval the proposal's) keeps it.
 * - consume: each record is handled inside a `process <topic>` consumer span whose parent
 *   is the record's traceparent, and the handler sees that span's traceparent in
 *   `ctx.headers`, so whatever it copies or publishes hangs under this hop. A batch
 *   handler gets one span per record (started together, ended when the batch settles).
 * With tracing off the bus is returned untouched.
 */
export function traceEventBus<B extends EventBus>(bus: B): B {
  if (!tracingEnabled()) return bus;
  const publish = bus.publish.bind(bus);
  const subscribe = bus.subscribe.bind(bus);
  // Patched on the instance rather than wrapped, so `instanceof` and adapter extras keep working.
  Object.assign(bus, {
    publish: (messages: readonly OutgoingMessage[]) => publish(messages.map(withTraceContext)),
    subscribe: (options: SubscribeOptions) => subscribe(tracedOptions(options)),
  });
  return bus;
}

function withTraceContext(message: OutgoingMessage): OutgoingMessage {
  if (message.headers?.[TRACEPARENT]) return message;
  const carried = traceHeaders();
  if (!carried[TRACEPARENT]) return message;
  return { ...message, headers: { ...message.headers, ...carried } };
}

function tracedOptions(options: SubscribeOptions): SubscribeOptions {
  const handler = tracedHandler(options.handler, options.groupId);
  const batchHandler = options.batchHandler
    ? tracedBatchHandler(options.batchHandler, options.groupId)
    : undefined;
  return { ...options, handler, ...(batchHandler ? { batchHandler } : {}) };
}

function consumerAttributes(ctx: MessageContext, groupId: string): Record<string, string | number> {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': ctx.topic,
    'messaging.destination.partition.id': String(ctx.partition),
    'messaging.kafka.offset': Number(ctx.offset),
    'messaging.consumer.group.name': groupId,
    'messaging.message.id': ctx.eventId ?? '',
    'andon.correlation_id': ctx.correlationId ?? '',
    'andon.attempt': ctx.attempt,
  };
}

/** The context a handler sees: the same record, its traceparent now this hop's span. */
function withSpanHeaders(ctx: MessageContext, span: Span): MessageContext {
  const headers = { ...ctx.headers };
  delete headers['tracestate'];
  return { ...ctx, headers: { ...headers, ...traceHeaders(contextWithSpan(span)) } };
}

function tracedHandler(handler: MessageHandler, groupId: string): MessageHandler {
  return (value, ctx) =>
    inSpan(
      `process ${ctx.topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders(ctx.headers),
        attributes: consumerAttributes(ctx, groupId),
      },
      (span) => handler(value, withSpanHeaders(ctx, span)),
    );
}

function tracedBatchHandler(handler: BatchHandler, groupId: string): BatchHandler {
  return async (batch, bctx) => {
    const spans = batch.map((item) =>
      tracer().startSpan(
        `process ${item.ctx.topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            ...consumerAttributes(item.ctx, groupId),
            'messaging.batch.message_count': batch.length,
          },
        },
        contextFromHeaders(item.ctx.headers),
      ),
    );
    const items: BatchItem[] = batch.map((item, i) => ({
      value: item.value,
      ctx: withSpanHeaders(item.ctx, spans[i] as Span),
    }));
    try {
      await handler(items, bctx);
    } catch (error) {
      // The bus now hands each record to the per-record handler, which gets spans of its own.
      for (const span of spans) span.setAttribute('andon.batch_failed', true);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  };
}
