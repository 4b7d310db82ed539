import { Metrics } from '@andon/observability';
import { kafkaBrokers, startKafka, stopKafka, uniqueName, waitFor } from '@andon/testing';
import { Kafka, logLevel } from 'kafkajs';
import { BUS_HEADERS } from '../bus-headers';
import { silentLogger } from '../contract/contract-kit';
import { InMemoryIdempotencyStore } from '../idempotency/in-memory-idempotency.store';
import { KafkaEventBus } from './kafka-event-bus';
import type { KafkaEventBusOptions } from './kafka-options';

const TOTAL = 500;
const KILL_AFTER_ACCEPTED = 150;
const PUBLISHED_DURING_OUTAGE = 20;

interface Consumer {
  /** Side effects per event id: an idempotent handler performs each exactly once. */
  effects: Map<string, number>;
  deliveries(): Promise<number>;
}

async function consumeIdempotently(bus: KafkaEventBus, metrics: Metrics, topic: string): Promise<Consumer> {
  const effects = new Map<string, number>();
  const groupId = uniqueName('bus-outage-g');
  await bus.subscribe({
    groupId,
    topics: [topic],
    idempotencyStore: new InMemoryIdempotencyStore(),
    partitionsConsumedConcurrently: 3,
    handler: async (_value, ctx) => {
      const id = ctx.eventId ?? `no-event-id@${ctx.partition}/${ctx.offset}`;
      effects.set(id, (effects.get(id) ?? 0) + 1);
      // Simulated work keeps the consumer behind the producer, so the kill lands mid-batch.
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  });
  return {
    effects,
    async deliveries() {
      const consumed = await metrics.registry.getSingleMetric('andon_bus_consumed_total')?.get();
      return (consumed?.values ?? [])
        .filter((v) => v.labels['group'] === groupId)
        .reduce((sum, v) => sum + v.value, 0);
    },
  };
}

describe('KafkaEventBus across a broker kill and restart', () => {
  const buses: KafkaEventBus[] = [];
  const newBus = (metrics: Metrics, extra: Partial<KafkaEventBusOptions> = {}): KafkaEventBus => {
    const bus = new KafkaEventBus({
      brokers: kafkaBrokers(),
      clientId: 'bus-outage',
      logger: silentLogger(),
      metrics,
      publishTimeoutMs: 120_000,
      consumer: { heartbeatIntervalMs: 1_000, sessionTimeoutMs: 15_000 },
      ...extra,
    });
    buses.push(bus);
    return bus;
  };

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it('handles every accepted message exactly once with an idempotent handler, losing none', async () => {
    const metrics = new Metrics({}, false);
    const bus = newBus(metrics);
    const topic = uniqueName('bus-outage');
    await bus.ensureTopics([{ name: topic, partitions: 3 }]);
    // Default settings ride the outage out in place. A second group whose kafkajs retries
    // give up fast crashes, restarts and re-reads from its last commit: the redelivery path.
    const steady = await consumeIdempotently(bus, metrics, topic);
    const fragileMetrics = new Metrics({}, false);
    const fragileBus = newBus(fragileMetrics, {
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    });
    const fragile = await consumeIdempotently(fragileBus, fragileMetrics, topic);

    const attempted = new Set<string>();
    const accepted = new Set<string>();
    const rejected = new Set<string>();
    const publish = async (id: string, key: string): Promise<void> => {
      attempted.add(id);
      try {
        await bus.publish([{ topic, key, value: Buffer.from(id), headers: { [BUS_HEADERS.eventId]: id } }]);
        accepted.add(id);
      } catch {
        rejected.add(id);
      }
    };
    let next = 0;
    const producer = async (): Promise<void> => {
      while (next < TOTAL) {
        const i = next++;
        await publish(`evt-${i}`, `line-${i % 11}`);
      }
    };
    const producing = Promise.all([producer(), producer(), producer(), producer()]);

    await waitFor(() => accepted.size >= KILL_AFTER_ACCEPTED, {
      timeoutMs: 60_000,
      description: 'messages before the kill',
    });
    await stopKafka();
    const acceptedAtKill = accepted.size;
    const duringOutage = Array.from({ length: PUBLISHED_DURING_OUTAGE }, (_, i) =>
      publish(`outage-${i}`, `line-${i % 11}`),
    );
    await startKafka();
    await Promise.all([producing, ...duringOutage]);

    expect(accepted.size + rejected.size).toBe(TOTAL + PUBLISHED_DURING_OUTAGE);
    expect(accepted.size).toBeGreaterThan(acceptedAtKill);
    for (const [name, consumer] of Object.entries({ steady, fragile })) {
      await waitFor(() => [...accepted].every((id) => consumer.effects.has(id)), {
        timeoutMs: 120_000,
        description: `every accepted message handled by the ${name} group after the restart`,
      });
      const missing = [...accepted].filter((id) => !consumer.effects.has(id));
      const twice = [...consumer.effects].filter(([, n]) => n !== 1);
      // Rejected publishes may still have been written (a caller would retry them).
      const unknown = [...consumer.effects.keys()].filter((id) => !attempted.has(id));
      expect({ name, missing, twice, unknown }).toEqual({ name, missing: [], twice: [], unknown: [] });
    }

    // The idempotent producer must not have written any event twice, retries through the outage included.
    const records = await totalRecords(topic);
    const inLog = new Map<string, number>();
    await bus.subscribe({
      groupId: uniqueName('bus-outage-audit'),
      topics: [topic],
      handler: async (value) => {
        const id = Buffer.from(value).toString('utf8');
        inLog.set(id, (inLog.get(id) ?? 0) + 1);
      },
    });
    await waitFor(() => [...inLog.values()].reduce((a, b) => a + b, 0) >= records, {
      timeoutMs: 60_000,
      description: `all ${records} records of the topic`,
    });
    expect([...inLog].filter(([, n]) => n > 1)).toEqual([]);
    expect(records).toBe(inLog.size);

    process.stdout.write(
      `outage: accepted=${accepted.size} rejected=${rejected.size} records=${records} ` +
        `deliveries steady=${await steady.deliveries()} fragile=${await fragile.deliveries()}\n`,
    );
  }, 300_000);
});

async function totalRecords(topic: string): Promise<number> {
  const admin = new Kafka({
    brokers: kafkaBrokers(),
    clientId: 'bus-outage-audit',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
