import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AdapterConfig } from '@andon/config';
import { startTracing, type Logger, type Metrics } from '@andon/observability';
import type { EventBus } from './event-bus.port';
import { InProcessEventBus } from './in-process/in-process-event-bus';
import { KafkaEventBus } from './kafka/kafka-event-bus';
import type { KafkaEventBusOptions } from './kafka/kafka-options';
import { traceEventBus } from './tracing/trace-event-bus';
import { SqliteEventBus, type SqliteEventBusOptions } from './sqlite/sqlite-event-bus';

/** The durable embedded bus's file inside the data directory. */
export const BUS_SQLITE_FILE_NAME = 'bus.sqlite';

export type EmbeddedBusKind = 'sqlite' | 'memory';

export type EventBusConfig = Pick<AdapterConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'> & {
  /**
   * The adapter when no broker is configured: `memory` (default; unit tests, nothing
   * survives the process) or `sqlite` (durable, `${ANDON_DATA_DIR}/bus.sqlite`).
   */
  BUS_EMBEDDED?: EmbeddedBusKind;
  ANDON_DATA_DIR?: string;
};

export interface EventBusDeps {
  logger?: Logger;
  metrics?: Metrics;
  /** Extra Kafka settings (linger, timeouts); ignored by the embedded adapters. */
  kafka?: Omit<KafkaEventBusOptions, 'brokers' | 'clientId' | 'logger' | 'metrics'>;
  /** Extra settings of the durable embedded bus (fsync, retention timer). */
  sqlite?: Omit<SqliteEventBusOptions, 'file' | 'logger' | 'metrics'>;
}

/** Kafka when KAFKA_BROKERS is configured, otherwise the embedded bus BUS_EMBEDDED names. */
export function createEventBus(config: EventBusConfig, deps: EventBusDeps = {}): EventBus {
  // Every Andon process builds its bus here, so this is where tracing starts (OTEL_* only; off without an endpoint).
  startTracing(config.KAFKA_CLIENT_ID ?? 'andon');
  return traceEventBus(createUntracedEventBus(config, deps));
}

function createUntracedEventBus(config: EventBusConfig, deps: EventBusDeps): EventBus {
  const brokers = config.KAFKA_BROKERS ?? [];
  if (brokers.length > 0) {
    return new KafkaEventBus({
      ...deps.kafka,
      brokers,
      clientId: config.KAFKA_CLIENT_ID,
      logger: deps.logger,
      metrics: deps.metrics,
    });
  }
  if (config.BUS_EMBEDDED === 'sqlite') {
    return new SqliteEventBus({
      ...deps.sqlite,
      file: embeddedBusFile(config),
      logger: deps.logger,
      metrics: deps.metrics,
    });
  }
  return new InProcessEventBus({ logger: deps.logger, metrics: deps.metrics });
}

/** Where the durable embedded bus keeps its log (directory created if missing). */
export function embeddedBusFile(config: Pick<EventBusConfig, 'ANDON_DATA_DIR'>): string {
  const dir = resolve(config.ANDON_DATA_DIR ?? '.andon-data');
  mkdirSync(dir, { recursive: true });
  return join(dir, BUS_SQLITE_FILE_NAME);
}
