import { kafkaBrokers } from '@andon/testing';
import { runEventBusContract } from '../contract/run-event-bus-contract';
import { KafkaEventBus } from './kafka-event-bus';

runEventBusContract(
  'kafka',
  ({ logger, metrics }) =>
    new KafkaEventBus({
      brokers: kafkaBrokers(),
      clientId: 'bus-contract',
      logger,
      metrics,
      consumer: { heartbeatIntervalMs: 500, sessionTimeoutMs: 10_000 },
    }),
  { testTimeoutMs: 120_000, waitTimeoutMs: 60_000 },
);
