import { uniqueName, waitFor } from '@andon/testing';
import { DLQ_HEADERS } from '../bus-headers';
import { NonRetryableError } from '../bus-errors';
import type { BatchHandler, BatchItem, EventBus } from '../event-bus.port';
import { InMemoryIdempotencyStore } from '../idempotency/in-memory-idempotency.store';
import { Collector, counterValue, decode, ids, message, type ContractKit } from './contract-kit';

interface SeenBatch {
  topic: string;
  partition: number;
  offsets: number[];
  ids: string[];
}

/** Records every batch a batch handler is given; `behaviour` may throw to fail the batch. */
class BatchCollector {
  readonly batches: SeenBatch[] = [];
  readonly handled: string[] = [];

  constructor(
    private readonly behaviour?: (batch: readonly BatchItem[], batchIds: string[]) => Promise<void> | void,
  ) {}

  readonly handler: BatchHandler = async (batch, ctx) => {
    const batchIds = batch.map((item) => decode(item.value).id);
    this.batches.push({
      topic: ctx.topic,
      partition: ctx.partition,
      offsets: batch.map((i) => Number(i.ctx.offset)),
      ids: batchIds,
    });
    await this.behaviour?.(batch, batchIds);
    this.handled.push(...batchIds);
  };
}

async function readDlq(bus: EventBus, dlqTopic: string): Promise<Collector> {
  await bus.ensureTopics([{ name: dlqTopic, partitions: 1 }]);
  const dlq = new Collector();
  await bus.subscribe({
    groupId: uniqueName('bus-batch-dlq-reader'),
    topics: [dlqTopic],
    handler: dlq.handler,
  });
  return dlq;
}

export function batchHandlingContract(kit: ContractKit): void {
  it(
    'hands over consecutive records of one partition in offset order, keeping per-key order',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-batch-order');
      await bus.ensureTopics([{ name: topic, partitions: 3 }]);
      const single = new Collector();
      const batches = new BatchCollector();
      const sent = ids('b', 60);
      // Published before subscribing, so a partition's backlog is available at once.
      await bus.publish(sent.map((id, i) => message(topic, { id, seq: i }, { key: `k${i % 6}` })));
      await bus.subscribe({
        groupId: uniqueName('bus-batch-order-g'),
        topics: [topic],
        handler: single.handler,
        batchHandler: batches.handler,
        maxBatchSize: 8,
        partitionsConsumedConcurrently: 3,
      });
      await waitFor(() => batches.handled.length >= sent.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'all batches',
      });

      expect(single.attempts).toEqual([]);
      expect([...batches.handled].sort()).toEqual([...sent].sort());
      expect(batches.batches.some((b) => b.ids.length > 1)).toBe(true);
      for (const b of batches.batches) {
        expect(b.ids.length).toBeLessThanOrEqual(8);
        expect(b.offsets).toEqual(b.offsets.map((_, i) => b.offsets[0] + i));
      }
      for (let k = 0; k < 6; k++) {
        const expected = sent.filter((_, i) => i % 6 === k);
        expect(batches.handled.filter((id) => expected.includes(id))).toEqual(expected);
      }
    },
    kit.testTimeoutMs,
  );

  it(
    'commits a batch only after its handler resolved, and loses nothing on close mid-batch',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-batch-close');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const groupId = uniqueName('bus-batch-close-g');
      const sent = ids('c', 30);
      let started = false;
      // The first batch is stuck until the subscription closes, then fails as an aborted handler would.
      const stuck = new BatchCollector(async (batch) => {
        started = true;
        const signal = batch[0].ctx.signal;
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        throw new Error('aborted by close');
      });
      const single = new Collector();
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        handler: single.handler,
        batchHandler: stuck.handler,
      });
      await bus.publish(sent.map((id) => message(topic, { id }, { key: 'k' })));
      await waitFor(() => started, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'first batch in the handler',
      });
      await subscription.close();
      expect(stuck.handled).toEqual([]);
      expect(single.attempts).toEqual([]);

      const second = new BatchCollector();
      const secondSub = await bus.subscribe({
        groupId,
        topics: [topic],
        handler: new Collector().handler,
        batchHandler: second.handler,
      });
      await waitFor(() => second.handled.length >= sent.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'redelivery',
      });
      expect(second.handled).toEqual(sent);
      await secondSub.close();

      // Everything was committed after the handler resolved: a third member gets nothing old.
      const third = new BatchCollector();
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: new Collector().handler,
        batchHandler: third.handler,
      });
      await bus.publish([message(topic, { id: 'marker' }, { key: 'k' })]);
      await waitFor(() => third.handled.includes('marker'), {
        timeoutMs: kit.waitTimeoutMs,
        description: 'marker',
      });
      expect(third.handled).toEqual(['marker']);
    },
    kit.testTimeoutMs,
  );

  it(
    'falls back to per-record handling when a batch fails, so a poison record is dead-lettered',
    async () => {
      const { bus, metrics } = await kit.newBus();
      const topic = uniqueName('bus-batch-poison');
      const dlqTopic = uniqueName('bus-batch-poison-dlq');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const dlq = await readDlq(bus, dlqTopic);
      const batches = new BatchCollector((_, batchIds) => {
        if (batchIds.includes('poison')) throw new Error('batch contains a record the handler cannot take');
      });
      const single = new Collector((body) => {
        if (body.id === 'poison') throw new NonRetryableError('bad bytes', { reason: 'schema_invalid' });
      });
      const groupId = uniqueName('bus-batch-poison-g');
      await bus.publish(['a', 'b', 'poison', 'c'].map((id) => message(topic, { id }, { key: 'k' })));
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: single.handler,
        batchHandler: batches.handler,
        dlqTopic,
        retry: { attempts: 2, baseDelayMs: 10 },
      });
      await bus.publish([message(topic, { id: 'after' }, { key: 'k' })]);
      await waitFor(
        () => dlq.handled.length >= 1 && [...batches.handled, ...single.ids()].includes('after'),
        {
          timeoutMs: kit.waitTimeoutMs,
          description: 'dead letter and the record after it',
        },
      );

      const handled = [...single.ids(), ...batches.handled];
      for (const id of ['a', 'b', 'c', 'after']) expect(handled).toContain(id);
      expect(handled).not.toContain('poison');
      expect(single.attempts.filter((d) => d.body.id === 'poison')).toHaveLength(1);
      expect(dlq.ids()).toEqual(['poison']);
      expect(dlq.handled[0].ctx.headers[DLQ_HEADERS.reason]).toBe('schema_invalid');
      expect(dlq.handled[0].ctx.headers[DLQ_HEADERS.sourceTopic]).toBe(topic);
      expect(await counterValue(metrics, 'andon_bus_dead_lettered_total', { topic, group: groupId })).toBe(1);
    },
    kit.testTimeoutMs,
  );

  it(
    'dead-letters items the batch handler rejects via ctx.deadLetter and skips processed event ids',
    async () => {
      const { bus, metrics } = await kit.newBus();
      const topic = uniqueName('bus-batch-dl');
      const dlqTopic = uniqueName('bus-batch-dl-dlq');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const dlq = await readDlq(bus, dlqTopic);
      const store = new InMemoryIdempotencyStore();
      const groupId = uniqueName('bus-batch-dl-g');
      await store.markProcessed(groupId, 'e-old');
      const handler: BatchHandler = async (batch, ctx) => {
        const bad = batch.filter((item) => decode(item.value).id.startsWith('bad'));
        await bus.publish(
          bad.map((item) =>
            ctx.deadLetter(item, new NonRetryableError('rejected', { reason: 'decode_failed' })),
          ),
        );
        good.push(...batch.filter((item) => !bad.includes(item)).map((item) => decode(item.value).id));
      };
      const good: string[] = [];
      await bus.publish([
        message(topic, { id: 'old' }, { key: 'k', eventId: 'e-old' }),
        message(topic, { id: 'x' }, { key: 'k', eventId: 'e-x' }),
        message(topic, { id: 'x-again' }, { key: 'k', eventId: 'e-x' }),
        message(topic, { id: 'bad-1' }, { key: 'k', eventId: 'e-bad' }),
        message(topic, { id: 'y' }, { key: 'k' }),
      ]);
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: new Collector().handler,
        batchHandler: handler,
        dlqTopic,
        idempotencyStore: store,
      });
      await waitFor(() => good.includes('y') && dlq.handled.length >= 1, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'batch handled',
      });

      expect(good).toEqual(['x', 'y']);
      expect(dlq.ids()).toEqual(['bad-1']);
      expect(dlq.handled[0].ctx.headers[DLQ_HEADERS.reason]).toBe('decode_failed');
      expect(dlq.handled[0].ctx.headers[DLQ_HEADERS.consumerGroup]).toBe(groupId);
      expect(await store.seen(groupId, 'e-x')).toBe(true);
      expect(await store.seen(groupId, 'e-bad')).toBe(false);
      expect(await counterValue(metrics, 'andon_bus_duplicates_total', { topic, group: groupId })).toBe(2);
      expect(await counterValue(metrics, 'andon_bus_dead_lettered_total', { topic, group: groupId })).toBe(1);
    },
    kit.testTimeoutMs,
  );
}
