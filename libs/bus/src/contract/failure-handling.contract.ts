import { uniqueName, waitFor } from '@andon/testing';
import { DEFAULT_DLQ_TOPIC, DLQ_HEADERS, DLQ_REASONS } from '../bus-headers';
import { NonRetryableError } from '../bus-errors';
import type { EventBus } from '../event-bus.port';
import { InMemoryIdempotencyStore } from '../idempotency/in-memory-idempotency.store';
import {
  Collector,
  counterValue,
  decode,
  encode,
  message,
  type ContractKit,
  type Delivery,
} from './contract-kit';

/** Reads a DLQ topic; returns this test's letters (the default DLQ is shared by every test of a run). */
async function watchDlq(bus: EventBus, dlqTopic: string, sourceTopic: string): Promise<() => Delivery[]> {
  await bus.ensureTopics([{ name: dlqTopic, partitions: 1 }]);
  const dlq = new Collector();
  await bus.subscribe({ groupId: uniqueName('bus-dlq-reader'), topics: [dlqTopic], handler: dlq.handler });
  return () => dlq.handled.filter((d) => d.ctx.headers[DLQ_HEADERS.sourceTopic] === sourceTopic);
}

export function failureHandlingContract(kit: ContractKit): void {
  it(
    'dedupes redelivered events by event id with an idempotency store',
    async () => {
      const { bus, metrics } = await kit.newBus();
      const topic = uniqueName('bus-idem');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      const store = new InMemoryIdempotencyStore();
      const deduped = new Collector();
      const plain = new Collector();
      const dedupedGroup = uniqueName('bus-idem-g');
      await bus.subscribe({
        groupId: dedupedGroup,
        topics: [topic],
        handler: deduped.handler,
        idempotencyStore: store,
      });
      await bus.subscribe({ groupId: uniqueName('bus-plain-g'), topics: [topic], handler: plain.handler });
      await bus.publish([
        message(topic, { id: 'first' }, { key: 'k', eventId: 'e-1' }),
        message(topic, { id: 'again' }, { key: 'k', eventId: 'e-1' }),
        message(topic, { id: 'other' }, { key: 'k', eventId: 'e-2' }),
        message(topic, { id: 'anon' }, { key: 'k' }),
        message(topic, { id: 'anon' }, { key: 'k' }),
      ]);
      await waitFor(() => plain.handled.length >= 5 && deduped.handled.length >= 4, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'deliveries to both groups',
      });
      // Same partition, so 'again' is consumed after 'first' and must have been skipped.
      expect(deduped.ids()).toEqual(['first', 'other', 'anon', 'anon']);
      expect(plain.ids()).toEqual(['first', 'again', 'other', 'anon', 'anon']);
      expect(await store.seen(dedupedGroup, 'e-1')).toBe(true);
      expect(await counterValue(metrics, 'andon_bus_duplicates_total', { topic, group: dedupedGroup })).toBe(
        1,
      );
    },
    kit.testTimeoutMs,
  );

  it(
    'retries a failing handler with exponential backoff and then succeeds',
    async () => {
      const { bus, metrics } = await kit.newBus();
      const topic = uniqueName('bus-retry');
      const dlqTopic = uniqueName('bus-retry-dlq');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const times: number[] = [];
      const collector = new Collector((body) => {
        if (body.id !== 'flaky') return;
        times.push(performance.now());
        if (times.length < 3) throw new Error(`transient failure ${times.length}`);
      });
      const groupId = uniqueName('bus-retry-g');
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: collector.handler,
        dlqTopic,
        retry: { attempts: 3, baseDelayMs: 100 },
      });
      await bus.publish([message(topic, { id: 'flaky' }), message(topic, { id: 'next' })]);
      await waitFor(() => collector.handled.length >= 2, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'retried message',
      });

      expect(collector.attempts.filter((d) => d.body.id === 'flaky').map((d) => d.ctx.attempt)).toEqual([
        1, 2, 3,
      ]);
      expect(collector.ids()).toEqual(['flaky', 'next']);
      // Timers may fire a millisecond early against performance.now().
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(98);
      expect(times[2] - times[1]).toBeGreaterThanOrEqual(198);
      expect(await counterValue(metrics, 'andon_bus_retried_total', { topic, group: groupId })).toBe(2);
      expect(await counterValue(metrics, 'andon_bus_processed_total', { topic, group: groupId })).toBe(2);
      expect(await counterValue(metrics, 'andon_bus_dead_lettered_total', { topic, group: groupId })).toBe(0);
    },
    kit.testTimeoutMs,
  );

  it(
    'dead-letters the original bytes and headers after the last attempt and moves on',
    async () => {
      const { bus, metrics } = await kit.newBus();
      const topic = uniqueName('bus-exhaust');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const letters = await watchDlq(bus, DEFAULT_DLQ_TOPIC, topic);
      const collector = new Collector((body) => {
        if (body.id === 'poison') throw new Error('database is on fire');
      });
      const groupId = uniqueName('bus-exhaust-g');
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        handler: collector.handler,
        retry: { attempts: 2, baseDelayMs: 10 },
      });
      const poison = message(
        topic,
        { id: 'poison' },
        { key: 'line-1', eventId: 'evt-poison', headers: { 'x-origin': 'mes' } },
      );
      await bus.publish([poison, message(topic, { id: 'after' }, { key: 'line-1' })]);
      await waitFor(() => collector.handled.length >= 1 && letters().length >= 1, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'dead letter and the next message',
      });

      expect(collector.ids()).toEqual(['after']);
      expect(collector.attempts.filter((d) => d.body.id === 'poison')).toHaveLength(2);
      const [letter] = letters();
      expect(Buffer.from(letter.value).equals(Buffer.from(poison.value))).toBe(true);
      expect(letter.ctx.key).toBe('line-1');
      const poisonDelivery = collector.attempts.find((d) => d.body.id === 'poison');
      expect(letter.ctx.headers).toMatchObject({
        'x-origin': 'mes',
        'andon-event-id': 'evt-poison',
        [DLQ_HEADERS.reason]: DLQ_REASONS.retriesExhausted,
        [DLQ_HEADERS.message]: 'database is on fire',
        [DLQ_HEADERS.errorName]: 'Error',
        [DLQ_HEADERS.sourceTopic]: topic,
        [DLQ_HEADERS.sourcePartition]: '0',
        [DLQ_HEADERS.sourceOffset]: poisonDelivery?.ctx.offset,
        [DLQ_HEADERS.consumerGroup]: groupId,
        [DLQ_HEADERS.attempts]: '2',
      });
      expect(Number.isNaN(Date.parse(letter.ctx.headers[DLQ_HEADERS.failedAt] ?? ''))).toBe(false);
      expect(
        await counterValue(metrics, 'andon_bus_dead_lettered_total', {
          topic,
          group: groupId,
          reason: 'retries_exhausted',
        }),
      ).toBe(1);

      // The dead-lettered message was committed: the group does not see it again.
      await subscription.close();
      const resumed = new Collector();
      await bus.subscribe({ groupId, topics: [topic], handler: resumed.handler });
      await bus.publish([message(topic, { id: 'later' })]);
      await waitFor(() => resumed.handled.length >= 1, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'resumed group',
      });
      expect(resumed.ids()).toEqual(['later']);
    },
    kit.testTimeoutMs,
  );

  it(
    'sends a NonRetryableError (or retryable: false) straight to the configured DLQ',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-fatal');
      const dlqTopic = uniqueName('bus-fatal-dlq');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const collector = new Collector((body) => {
        if (body.id === 'garbage')
          throw new NonRetryableError('undecodable payload', { reason: 'undecodable' });
        if (body.id === 'flagged') throw Object.assign(new Error('schema mismatch'), { retryable: false });
      });
      await bus.subscribe({
        groupId: uniqueName('bus-fatal-g'),
        topics: [topic],
        handler: collector.handler,
        dlqTopic,
        retry: { attempts: 5, baseDelayMs: 5_000 },
      });
      expect(await bus.partitionCount(dlqTopic)).toBe(1);
      const letters = await watchDlq(bus, dlqTopic, topic);
      await bus.publish([
        message(topic, { id: 'garbage' }),
        message(topic, { id: 'flagged' }),
        message(topic, { id: 'fine' }),
      ]);
      await waitFor(() => collector.handled.length >= 1 && letters().length >= 2, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'two dead letters',
      });
      expect(collector.attempts.map((d) => d.body.id)).toEqual(['garbage', 'flagged', 'fine']);
      expect(
        letters().map((d) => [
          decode(d.value).id,
          d.ctx.headers[DLQ_HEADERS.reason],
          d.ctx.headers[DLQ_HEADERS.attempts],
        ]),
      ).toEqual([
        ['garbage', 'undecodable', '1'],
        ['flagged', DLQ_REASONS.nonRetryable, '1'],
      ]);
      expect(letters()[0].ctx.headers[DLQ_HEADERS.message]).toBe('undecodable payload');
      expect(Buffer.from(letters()[0].value).equals(Buffer.from(encode({ id: 'garbage' })))).toBe(true);
    },
    kit.testTimeoutMs,
  );

  it(
    'leaves a message uncommitted when closing during its retry backoff',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-abort');
      const dlqTopic = uniqueName('bus-abort-dlq');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const groupId = uniqueName('bus-abort-g');
      const failing = new Collector(() => {
        throw new Error('not yet');
      });
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        handler: failing.handler,
        dlqTopic,
        retry: { attempts: 3, baseDelayMs: 60_000 },
      });
      await bus.publish([message(topic, { id: 'pending' })]);
      await waitFor(() => failing.attempts.length >= 1, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'first attempt',
      });
      const started = Date.now();
      await subscription.close();
      expect(Date.now() - started).toBeLessThan(30_000);

      const healthy = new Collector();
      await bus.subscribe({ groupId, topics: [topic], handler: healthy.handler, dlqTopic });
      await waitFor(() => healthy.handled.length >= 1, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'redelivery',
      });
      expect(healthy.handled.map((d) => [d.body.id, d.ctx.attempt])).toEqual([['pending', 1]]);
      expect(failing.attempts).toHaveLength(1);
    },
    kit.testTimeoutMs,
  );
}
