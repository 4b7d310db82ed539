import { uniqueName, waitFor } from '@andon/testing';
import { UnknownTopicError } from '../bus-errors';
import { partitionForKey } from '../partitioner/key-partitioner';
import { Collector, counterValue, ids, message, type ContractKit } from './contract-kit';

export function topicsAndPartitioningContract(kit: ContractKit): void {
  it(
    'creates topics with the configured partitions, idempotently',
    async () => {
      const { bus } = await kit.newBus();
      const a = uniqueName('bus-topics-a');
      const b = uniqueName('bus-topics-b');
      await bus.ensureTopics([
        { name: a, partitions: 3 },
        { name: b, partitions: 1, configEntries: { 'retention.ms': '3600000' } },
      ]);
      await bus.ensureTopics([{ name: a, partitions: 3 }]);
      // An existing topic is never re-partitioned: that would move keys between partitions.
      await bus.ensureTopics([{ name: a, partitions: 6 }]);
      expect(await bus.partitionCount(a)).toBe(3);
      expect(await bus.partitionCount(b)).toBe(1);
      expect(await bus.partitionCount(uniqueName('bus-missing'))).toBeNull();

      const collector = new Collector();
      const groupId = uniqueName('bus-topics-g');
      await bus.subscribe({
        groupId,
        topics: [a],
        handler: collector.handler,
        partitionsConsumedConcurrently: 3,
      });
      const keys = ids('key', 30);
      await bus.publish(keys.map((key) => message(a, { id: key }, { key })));
      await waitFor(() => collector.handled.length >= keys.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'keyed messages on a 3-partition topic',
      });
      expect(new Set(collector.handled.map((d) => d.ctx.partition))).toEqual(new Set([0, 1, 2]));
    },
    kit.testTimeoutMs,
  );

  it(
    'rejects publishing to or subscribing to a topic that does not exist',
    async () => {
      const { bus } = await kit.newBus();
      const missing = uniqueName('bus-no-such-topic');
      await expect(bus.publish([message(missing, { id: 'x' })])).rejects.toBeInstanceOf(UnknownTopicError);
      const handler = async (): Promise<void> => undefined;
      await expect(
        bus.subscribe({ groupId: uniqueName('bus-missing-g'), topics: [missing], handler }),
      ).rejects.toBeInstanceOf(UnknownTopicError);
      expect(await bus.partitionCount(missing)).toBeNull();
    },
    kit.testTimeoutMs,
  );

  it(
    'sends every message of one key to the partition Kafka’s murmur2 partitioner picks',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-keys');
      await bus.ensureTopics([{ name: topic, partitions: 4 }]);
      const collector = new Collector();
      await bus.subscribe({ groupId: uniqueName('bus-keys-g'), topics: [topic], handler: collector.handler });
      const keys = ['site-1/line-a', 'site-1/line-b', 'site-2/line-a', 'café', 'k'];
      const batch = keys.flatMap((key) =>
        [0, 1, 2].map((seq) => message(topic, { id: `${key}#${seq}` }, { key })),
      );
      await bus.publish(batch);
      await waitFor(() => collector.handled.length >= batch.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'keyed messages',
      });
      for (const d of collector.handled) {
        expect(d.ctx.key).not.toBeNull();
        expect(d.ctx.partition).toBe(partitionForKey(d.ctx.key ?? '', 4));
      }
    },
    kit.testTimeoutMs,
  );

  it(
    'keeps per-key order while partitions are consumed concurrently',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-order');
      await bus.ensureTopics([{ name: topic, partitions: 4 }]);
      // Varying handler latency makes partitions interleave; order must hold within each key.
      const collector = new Collector(async (body) => {
        const jitter = (body.seq ?? 0) % 3;
        await new Promise((resolve) => setTimeout(resolve, jitter));
      });
      await bus.subscribe({
        groupId: uniqueName('bus-order-g'),
        topics: [topic],
        handler: collector.handler,
        partitionsConsumedConcurrently: 4,
      });
      const keys = ids('line', 8);
      const perKey = 25;
      // One sequential publisher per key, all keys at once: the order per key is defined.
      await Promise.all(
        keys.map(async (key) => {
          for (let seq = 0; seq < perKey; seq++) {
            await bus.publish([message(topic, { id: `${key}#${seq}`, seq }, { key })]);
          }
        }),
      );
      await waitFor(() => collector.handled.length >= keys.length * perKey, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'all ordered messages',
      });
      for (const key of keys) {
        const seqs = collector.handled.filter((d) => d.ctx.key === key).map((d) => d.body.seq);
        expect(seqs).toEqual(Array.from({ length: perKey }, (_, i) => i));
        expect(
          new Set(collector.handled.filter((d) => d.ctx.key === key).map((d) => d.ctx.partition)).size,
        ).toBe(1);
      }
    },
    kit.testTimeoutMs,
  );

  it(
    'delivers one publish larger than a broker request, for one key, complete and in order',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-large-publish');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      const collector = new Collector();
      await bus.subscribe({
        groupId: uniqueName('bus-large-g'),
        topics: [topic],
        handler: collector.handler,
      });
      // 2 500 messages of ~1 KB on one key: ~2.5 MB in one call, over Kafka's default 1 MiB
      // per partition batch (message.max.bytes).
      const padding = 'x'.repeat(1_000);
      const sent = ids('big', 2_500);
      await bus.publish(
        sent.map((id, seq) => ({
          ...message(topic, { id, seq }, { key: 'line-1' }),
          headers: { pad: padding },
        })),
      );
      await waitFor(() => collector.handled.length >= sent.length || undefined, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'all 2 500 large-publish messages',
      });
      expect(collector.handled.map((d) => d.body.id)).toEqual(sent);
    },
    kit.testTimeoutMs,
  );

  it(
    'publishes a batch spanning topics and counts it',
    async () => {
      const { bus, metrics } = await kit.newBus();
      const first = uniqueName('bus-batch-a');
      const second = uniqueName('bus-batch-b');
      await bus.ensureTopics([
        { name: first, partitions: 2 },
        { name: second, partitions: 2 },
      ]);
      const collector = new Collector();
      await bus.subscribe({
        groupId: uniqueName('bus-batch-g'),
        topics: [first, second],
        handler: collector.handler,
        partitionsConsumedConcurrently: 4,
      });
      const batch = ids('m', 300).map((id, i) =>
        message(i % 3 === 0 ? second : first, { id }, { key: `k${i % 17}` }),
      );
      await bus.publish(batch);
      await waitFor(() => collector.handled.length >= batch.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'batch delivery',
      });
      expect(collector.ids().sort()).toEqual(ids('m', 300).sort());
      expect(await counterValue(metrics, 'andon_bus_published_total', { topic: second })).toBe(100);
      expect(await counterValue(metrics, 'andon_bus_published_total', { topic: first })).toBe(200);
    },
    kit.testTimeoutMs,
  );
}
