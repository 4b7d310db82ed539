import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  eventId?: string | undefined;
  correlationId?: string | undefined;
}

/** One root logger per process; services derive child loggers from it. */
export function createLogger(service: string, level: string = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** Child logger a message handler logs through, so every line names the record it is about. */
export function messageLogger(parent: Logger, ctx: MessageContext): Logger {
  return parent.child({
    topic: ctx.topic,
    partition: ctx.partition,
    offset: ctx.offset,
    eventId: ctx.eventId,
    correlationId: ctx.correlationId,
  });
}
