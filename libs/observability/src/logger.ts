import pino, { type Logger } from 'pino';
import { prettyDestination, type LogFormat } from './pretty-log';

export type { Logger } from 'pino';

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  eventId?: string | undefined;
  correlationId?: string | undefined;
}

/**
 * One root logger per process; services derive child loggers from it. JSON lines by
 * default (what a container's collector parses); `pretty` gives one readable line per
 * event for a terminal (`npm start`).
 */
export function createLogger(
  service: string,
  level: string = process.env['LOG_LEVEL'] ?? 'info',
  format: LogFormat = 'json',
): Logger {
  const options = { name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime };
  return format === 'pretty' ? pino(options, prettyDestination()) : pino(options);
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
