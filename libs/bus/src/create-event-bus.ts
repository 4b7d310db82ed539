import type { AdapterConfig } from '@andon/config';
import type { Logger, Metrics } from '@andon/observability';
import type { EventBus } from './event-bus.port';
import { InProcessEventBus } from './in-process/in-process-event-bus';
import { KafkaEventBus } from './kafka/kafka-event-bus';
import type { KafkaEventBusOptions } from './kafka/kafka-options';

export type EventBusConfig = Pick<AdapterConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>;

export interface EventBusDeps {
  logger?: Logger;
  metrics?: Metrics;
  /** Extra Kafka settings (linger, timeouts); ignored by the in-process adapter. */
  kafka?: Omit<KafkaEventBusOptions, 'brokers' | 'clientId' | 'logger' | 'metrics'>;
}

/** Kafka when KAFKA_BROKERS is configured, otherwise the embedded in-process bus. */
export function createEventBus(config: EventBusConfig, deps: EventBusDeps = {}): EventBus {
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
  return new InProcessEventBus({ logger: deps.logger, metrics: deps.metrics });
}
