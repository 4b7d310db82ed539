import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterSchema, loadConfig } from '@andon/config';
import { silentLogger } from './contract/contract-kit';
import { createEventBus } from './create-event-bus';
import { InProcessEventBus } from './in-process/in-process-event-bus';
import { KafkaEventBus } from './kafka/kafka-event-bus';
import { SqliteEventBus } from './sqlite/sqlite-event-bus';

describe('createEventBus', () => {
  const logger = silentLogger();

  it('runs in-process when no Kafka brokers are configured', async () => {
    const bus = createEventBus(loadConfig(adapterSchema, {}), { logger });
    expect(bus).toBeInstanceOf(InProcessEventBus);
    await bus.close();
  });

  it('runs the durable embedded bus in the data directory when BUS_EMBEDDED is sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'andon-create-bus-'));
    try {
      const bus = createEventBus(
        { ...loadConfig(adapterSchema, { ANDON_DATA_DIR: join(dir, 'data') }), BUS_EMBEDDED: 'sqlite' },
        { logger },
      );
      expect(bus).toBeInstanceOf(SqliteEventBus);
      expect(existsSync(join(dir, 'data', 'bus.sqlite'))).toBe(true);
      await bus.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses Kafka when KAFKA_BROKERS is set (without connecting until used)', async () => {
    const bus = createEventBus(loadConfig(adapterSchema, { KAFKA_BROKERS: '127.0.0.1:1,127.0.0.1:2' }), {
      logger,
    });
    expect(bus).toBeInstanceOf(KafkaEventBus);
    await bus.close();
    expect(await bus.ping()).toBe(false);
  });
});
