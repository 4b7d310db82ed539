import { Metrics } from '@andon/observability';
import { kafkaBrokers, startKafka, stopKafka, uniqueName, waitFor } from '@andon/testing';
import { Kafka, logLevel } from 'kafkajs';
import { BUS_HEADERS } from '../bus-headers';
import { silentLogger } from '../contract/contract-kit';
import { InMemoryIdempotencyStore } from '../idempotency/in-memory-idempotency.store';
import { KafkaEventBus } from './kafka-event-bus';

const TOTAL = 500;
const KILL_AFTER_ACCEPTED = 150;
const PUBLISHED_DURING_OUTAGE = 20;

describe('KafkaEventBus across a broker kill and restart', () => {
  let bus: KafkaEventBus | undefined;

  afterEach(async () => {
    await bus?.close();
  });

  it('handles every accepted message exactly once with an idempotent handler, losing none', async () => {
    const metrics = new Metrics({}, false);
    const kafkaBus = new KafkaEventBus({
      brokers: kafkaBrokers(),
      clientId: 'bus-outage',
      logger: silentLogger(),
      metrics,
      publishTimeoutMs: 120_000,
      consumer: { heartbeatIntervalMs: 1_000, sessionTimeoutMs: 15_000 },
    });
    bus = kafkaBus;
    const topic = uniqueName('bus-outage');
    const groupId = uniqueName('bus-outage-g');
    await kafkaBus.ensureTopics([{ name: topic, partitions: 3 }]);

    // The side effect an idempotent handler must perform once per event.
    const effects = new Map<string, number>();
    await kafkaBus.subscribe({
      groupId,
      topics: [topic],
      idempotencyStore: new InMemoryIdempotencyStore(),
      partitionsConsumedConcurrently: 3,
      handler: async (_value, ctx) => {
        const id = ctx.eventId ?? `no-event-id@${ctx.partition}/${ctx.offset}`;
        effects.set(id, (effects.get(id) ?? 0) + 1);
        // Simulated work keeps the consumer behind the producer, so the kill lands mid-batch
        // with processed-but-uncommitted offsets that come back as redeliveries.
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });

    const attempted = new Set<string>();
    const accepted = new Set<string>();
    const rejected = new Set<string>();
    const publish = async (id: string, key: string): Promise<void> => {
      attempted.add(id);
      try {
        await kafkaBus.publish([{ topic, key, value: Buffer.from(id), headers: { [BUS_HEADERS.eventId]: id } }]);
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

    await waitFor(() => accepted.size >= KILL_AFTER_ACCEPTED, { timeoutMs: 60_000, description: 'messages before the kill' });
    await stopKafka();
    const acceptedAtKill = accepted.size;
    const duringOutage = Array.from({ length: PUBLISHED_DURING_OUTAGE }, (_, i) => publish(`outage-${i}`, `line-${i % 11}`));
    await startKafka();
    await Promise.all([producing, ...duringOutage]);

    expect(accepted.size + rejected.size).toBe(TOTAL + PUBLISHED_DURING_OUTAGE);
    expect(accepted.size).toBeGreaterThan(acceptedAtKill);
    await waitFor(() => [...accepted].every((id) => effects.has(id)), {
      timeoutMs: 120_000,
      description: 'every accepted message handled after the restart',
    });

    const missing = [...accepted].filter((id) => !effects.has(id));
    const twice = [...effects].filter(([, n]) => n !== 1);
    const unknown = [...effects.keys()].filter((id) => !attempted.has(id));
    expect({ missing, twice, unknown }).toEqual({ missing: [], twice: [], unknown: [] });
    // Rejected publishes may still have been written (the caller would retry them); none got lost silently either.
    const consumed = await metrics.registry.getSingleMetric('andon_bus_consumed_total')?.get();
    const deliveries = (consumed?.values ?? []).reduce((sum, v) => sum + v.value, 0);
    expect(deliveries).toBeGreaterThanOrEqual(effects.size);

    // The idempotent producer must not have written any event twice, retries through the outage included.
    const records = await totalRecords(topic);
    const inLog = new Map<string, number>();
    await kafkaBus.subscribe({
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
      `outage: accepted=${accepted.size} rejected=${rejected.size} handled=${effects.size} deliveries=${deliveries} records=${records}\n`,
    );
  }, 300_000);
});

async function totalRecords(topic: string): Promise<number> {
  const admin = new Kafka({ brokers: kafkaBrokers(), clientId: 'bus-outage-audit', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
