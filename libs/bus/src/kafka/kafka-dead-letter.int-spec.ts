import { Metrics } from '@andon/observability';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { BUS_HEADERS, DLQ_HEADERS } from '../bus-headers';
import { NonRetryableError } from '../bus-errors';
import { silentLogger } from '../contract/contract-kit';
import { KafkaEventBus } from './kafka-event-bus';

/** Reads a topic with plain kafkajs, so the assertions see exactly what is on the broker. */
async function readTopic(topic: string): Promise<{ consumer: Consumer; records: KafkaMessage[] }> {
  const kafka = new Kafka({ brokers: kafkaBrokers(), clientId: 'dlq-reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  const records: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      records.push(message);
    },
  });
  return { consumer, records };
}

describe('KafkaEventBus dead-letter topic on the broker', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  it('writes an undecodable message with its original bytes, headers and the failure reason', async () => {
    const bus = new KafkaEventBus({
      brokers: kafkaBrokers(),
      clientId: 'bus-dlq',
      logger: silentLogger(),
      metrics: new Metrics({}, false),
    });
    cleanup.push(() => bus.close());
    const topic = uniqueName('bus-raw-events');
    const dlqTopic = uniqueName('bus-raw-dlq');
    const groupId = uniqueName('bus-ingest');
    await bus.ensureTopics([{ name: topic, partitions: 2 }]);

    const decoded: unknown[] = [];
    await bus.subscribe({
      groupId,
      topics: [topic],
      dlqTopic,
      retry: { attempts: 5, baseDelayMs: 1_000 },
      handler: async (value) => {
        try {
          decoded.push(JSON.parse(Buffer.from(value).toString('utf8')));
        } catch (err) {
          throw new NonRetryableError('undecodable payload', { reason: 'undecodable', cause: err });
        }
      },
    });
    const garbage = Buffer.from([0xff, 0x00, 0xfe, 0x7b, 0x22]);
    await bus.publish([
      {
        topic,
        key: 'site-3/line-1',
        value: garbage,
        headers: { [BUS_HEADERS.eventId]: 'evt-garbage', 'content-type': 'application/x-protobuf' },
      },
      { topic, key: 'site-3/line-1', value: Buffer.from('{"ok":true}') },
    ]);

    const dlq = await readTopic(dlqTopic);
    cleanup.push(() => dlq.consumer.disconnect());
    await waitFor(() => dlq.records.length >= 1 && decoded.length >= 1, {
      timeoutMs: 60_000,
      description: 'the dead letter',
    });

    expect(decoded).toEqual([{ ok: true }]);
    expect(dlq.records).toHaveLength(1);
    const [letter] = dlq.records;
    const header = (name: string): string | undefined => letter.headers?.[name]?.toString();
    expect(letter.value?.equals(garbage)).toBe(true);
    expect(letter.key?.toString()).toBe('site-3/line-1');
    expect(header(BUS_HEADERS.eventId)).toBe('evt-garbage');
    expect(header('content-type')).toBe('application/x-protobuf');
    expect(header(DLQ_HEADERS.reason)).toBe('undecodable');
    expect(header(DLQ_HEADERS.message)).toBe('undecodable payload');
    expect(header(DLQ_HEADERS.errorName)).toBe('NonRetryableError');
    expect(header(DLQ_HEADERS.sourceTopic)).toBe(topic);
    expect(header(DLQ_HEADERS.sourcePartition)).toMatch(/^[01]$/);
    expect(header(DLQ_HEADERS.sourceOffset)).toBe('0');
    expect(header(DLQ_HEADERS.consumerGroup)).toBe(groupId);
    expect(header(DLQ_HEADERS.attempts)).toBe('1');
    expect(Date.now() - Date.parse(header(DLQ_HEADERS.failedAt) ?? '')).toBeLessThan(120_000);
  }, 120_000);
});

describe('KafkaEventBus batched produce', () => {
  it('coalesces concurrent single publishes into few produce requests', async () => {
    const metrics = new Metrics({}, false);
    const bus = new KafkaEventBus({
      brokers: kafkaBrokers(),
      clientId: 'bus-linger',
      logger: silentLogger(),
      metrics,
      lingerMs: 50,
    });
    try {
      const topic = uniqueName('bus-linger');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      await bus.publish([{ topic, value: Buffer.from('warm-up') }]);
      const requestsBefore = await requests(metrics);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          bus.publish([{ topic, key: `k${i}`, value: Buffer.from(String(i)) }]),
        ),
      );
      expect((await requests(metrics)) - requestsBefore).toBeLessThanOrEqual(2);
      expect(await counter(metrics, 'andon_bus_published_total', topic)).toBe(41);

      // Without lingering, sequential calls cost a request each and a same-tick burst still shares one.
      const eager = new KafkaEventBus({
        brokers: kafkaBrokers(),
        clientId: 'bus-eager',
        logger: silentLogger(),
        metrics,
      });
      try {
        const sequentialBefore = await requests(metrics);
        for (let i = 0; i < 10; i++)
          await eager.publish([{ topic, key: `s${i}`, value: Buffer.from(String(i)) }]);
        expect((await requests(metrics)) - sequentialBefore).toBe(10);
        const burstBefore = await requests(metrics);
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            eager.publish([{ topic, key: `b${i}`, value: Buffer.from(String(i)) }]),
          ),
        );
        expect((await requests(metrics)) - burstBefore).toBeLessThanOrEqual(2);
        expect(await counter(metrics, 'andon_bus_published_total', topic)).toBe(91);
      } finally {
        await eager.close();
      }
    } finally {
      await bus.close();
    }
  }, 60_000);
});

function requests(metrics: Metrics): Promise<number> {
  return counter(metrics, 'andon_bus_produce_requests_total');
}

async function counter(metrics: Metrics, name: string, topic?: string): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.find((v) => topic === undefined || v.labels['topic'] === topic)?.value ?? 0;
}
