import { uniqueName, waitFor } from '@andon/testing';
import { BUS_HEADERS } from '../bus-headers';
import { partitionForKey } from '../partitioner/key-partitioner';
import { Collector, ids, message, type ContractKit } from './contract-kit';

/** Keys chosen so that every partition of the topic receives some of them. */
function keysCoveringPartitions(partitions: number, perPartition: number): string[] {
  const keys: string[] = [];
  const counts = new Array<number>(partitions).fill(0);
  for (let i = 0; keys.length < partitions * perPartition; i++) {
    const key = `key-${i}`;
    const p = partitionForKey(key, partitions);
    if (counts[p] < perPartition) {
      counts[p] += 1;
      keys.push(key);
    }
  }
  return keys;
}

export function consumerGroupsContract(kit: ContractKit): void {
  it(
    'shares partitions between members of one group: each message is handled once',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-share');
      await bus.ensureTopics([{ name: topic, partitions: 4 }]);
      const groupId = uniqueName('bus-share-g');
      const first = new Collector();
      const second = new Collector();
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: first.handler,
        partitionsConsumedConcurrently: 4,
      });
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: second.handler,
        partitionsConsumedConcurrently: 4,
      });

      const keys = keysCoveringPartitions(4, 5);
      await bus.publish(keys.map((key) => message(topic, { id: key }, { key })));
      const total = (): number => first.handled.length + second.handled.length;
      await waitFor(() => total() >= keys.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'group delivery',
      });

      expect([...first.ids(), ...second.ids()].sort()).toEqual([...keys].sort());
      expect(first.handled.length).toBeGreaterThan(0);
      expect(second.handled.length).toBeGreaterThan(0);
      const partitionsOf = (c: Collector): Set<number> => new Set(c.handled.map((d) => d.ctx.partition));
      const overlap = [...partitionsOf(first)].filter((p) => partitionsOf(second).has(p));
      expect(overlap).toEqual([]);
    },
    kit.testTimeoutMs,
  );

  it(
    'delivers every message to each of two groups',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-fanout');
      await bus.ensureTopics([{ name: topic, partitions: 3 }]);
      const audit = new Collector();
      const agent = new Collector();
      await bus.subscribe({ groupId: uniqueName('bus-audit'), topics: [topic], handler: audit.handler });
      await bus.subscribe({ groupId: uniqueName('bus-agent'), topics: [topic], handler: agent.handler });
      const sent = ids('evt', 30);
      await bus.publish(sent.map((id, i) => message(topic, { id }, { key: `k${i % 7}` })));
      await waitFor(() => audit.handled.length >= sent.length && agent.handled.length >= sent.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'both groups',
      });
      expect(audit.ids().sort()).toEqual([...sent].sort());
      expect(agent.ids().sort()).toEqual([...sent].sort());
    },
    kit.testTimeoutMs,
  );

  it(
    'starts a new group from the earliest message by default, or from the end when asked',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-start');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      await bus.publish(ids('old', 6).map((id) => message(topic, { id }, { key: id })));

      const earliest = new Collector();
      const latest = new Collector();
      await bus.subscribe({
        groupId: uniqueName('bus-earliest'),
        topics: [topic],
        handler: earliest.handler,
      });
      await bus.subscribe({
        groupId: uniqueName('bus-latest'),
        topics: [topic],
        handler: latest.handler,
        fromBeginning: false,
      });
      await bus.publish(ids('new', 4).map((id) => message(topic, { id }, { key: id })));

      await waitFor(() => earliest.handled.length >= 10 && latest.handled.length >= 4, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'earliest and latest groups',
      });
      expect(earliest.ids().sort()).toEqual([...ids('new', 4), ...ids('old', 6)].sort());
      expect(latest.ids().sort()).toEqual(ids('new', 4).sort());
    },
    kit.testTimeoutMs,
  );

  it(
    'gives handlers the record context and a child logger',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-ctx');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      const collector = new Collector(async (_body, ctx) => {
        await ctx.heartbeat();
      });
      const groupId = uniqueName('bus-ctx-g');
      await bus.subscribe({ groupId, topics: [topic], handler: collector.handler });
      const before = Date.now();
      await bus.publish([
        message(
          topic,
          { id: 'a' },
          { key: 'line-7', eventId: 'evt-1', headers: { [BUS_HEADERS.correlationId]: 'corr-9', other: 'x' } },
        ),
        message(topic, { id: 'b' }, { key: 'line-7' }),
      ]);
      await waitFor(() => collector.handled.length >= 2, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'context messages',
      });
      const [a, b] = collector.handled;
      if (!a || !b) throw new Error('expected two deliveries');
      expect(a.ctx).toMatchObject({
        topic,
        partition: partitionForKey('line-7', 2),
        key: 'line-7',
        eventId: 'evt-1',
        correlationId: 'corr-9',
        groupId,
        attempt: 1,
      });
      expect(a.ctx.headers).toMatchObject({ other: 'x', [BUS_HEADERS.eventId]: 'evt-1' });
      expect(BigInt(b.ctx.offset)).toBe(BigInt(a.ctx.offset) + 1n);
      expect(a.ctx.timestamp).toBeGreaterThanOrEqual(before - 5_000);
      expect(b.ctx.eventId).toBeUndefined();
      expect(b.ctx.key).toBe('line-7');
      expect(typeof a.ctx.log.info).toBe('function');
      expect(a.ctx.log.bindings()).toMatchObject({ topic, eventId: 'evt-1', correlationId: 'corr-9' });
    },
    kit.testTimeoutMs,
  );
}
