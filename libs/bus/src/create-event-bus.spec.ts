import { adapterSchema, loadConfig } from '@andon/config';
import { silentLogger } from './contract/contract-kit';
import { createEventBus } from './create-event-bus';
import { InProcessEventBus } from './in-process/in-process-event-bus';
import { KafkaEventBus } from './kafka/kafka-event-bus';

describe('createEventBus', () => {
  const logger = silentLogger();

  it('runs in-process when no Kafka brokers are configured', async () => {
    const bus = createEventBus(loadConfig(adapterSchema, {}), { logger });
    expect(bus).toBeInstanceOf(InProcessEventBus);
    await bus.close();
  });

  it('uses Kafka when KAFKA_BROKERS is set (without connecting until used)', async () => {
    const bus = createEventBus(loadConfig(adapterSchema, { KAFKA_BROKERS: '127.0.0.1:1,127.0.0.1:2' }), { logger });
    expect(bus).toBeInstanceOf(KafkaEventBus);
    await bus.close();
    expect(await bus.ping()).toBe(false);
  });
});
