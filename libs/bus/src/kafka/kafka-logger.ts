import type { Logger } from '@andon/observability';
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/**
 * Routes kafkajs logs into pino. kafkajs logs transient, self-healing trouble
 * (connection refused while a broker restarts, retried requests) at ERROR; the bus
 * reports real failures itself (consumer crashes that do not restart, rejected
 * publishes), so kafkajs ERROR and WARN both become pino `warn`.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      const fields = { namespace, ...extra };
      if (level === logLevel.ERROR || level === logLevel.WARN) kafkaLogger.warn(fields, message);
      else if (level === logLevel.INFO) kafkaLogger.info(fields, message);
      else kafkaLogger.debug(fields, message);
    };
}
