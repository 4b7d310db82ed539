import { uniqueName, waitFor } from '@andon/testing';
import { Collector, ids, message, type ContractKit } from './contract-kit';

export function lifecycleContract(kit: ContractKit): void {
  it(
    'on close waits for in-flight handlers and commits exactly what was handled',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-close');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      const groupId = uniqueName('bus-close-g');
      const work = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 15));
      const first = new Collector(work);
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        handler: first.handler,
        partitionsConsumedConcurrently: 2,
      });
      const sent = ids('job', 80);
      await bus.publish(sent.map((id, i) => message(topic, { id }, { key: `k${i % 10}` })));
      await waitFor(() => first.handled.length >= 20, {
        timeoutMs: kit.waitTimeoutMs,
        description: '20 handled before close',
      });

      await subscription.close();
      expect(first.inFlight).toBe(0);
      expect(first.attempts.length).toBe(first.handled.length);
      const handledBeforeClose = first.ids();
      expect(handledBeforeClose.length).toBeLessThan(sent.length);

      const second = new Collector();
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: second.handler,
        partitionsConsumedConcurrently: 2,
      });
      await waitFor(() => first.handled.length + second.handled.length >= sent.length, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'the rest after resubscribing',
      });
      expect(first.ids()).toEqual(handledBeforeClose);
      const redelivered = second.ids().filter((id) => handledBeforeClose.includes(id));
      expect(redelivered).toEqual([]);
      expect([...handledBeforeClose, ...second.ids()].sort()).toEqual([...sent].sort());
    },
    kit.testTimeoutMs,
  );

  it(
    'closes every subscription with the bus and then refuses to publish',
    async () => {
      const { bus } = await kit.newBus();
      const topic = uniqueName('bus-shutdown');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      const collector = new Collector();
      await bus.subscribe({
        groupId: uniqueName('bus-shutdown-g'),
        topics: [topic],
        handler: collector.handler,
      });
      await bus.publish([message(topic, { id: 'one' })]);
      await waitFor(() => collector.handled.length >= 1, {
        timeoutMs: kit.waitTimeoutMs,
        description: 'one message',
      });
      expect(await bus.ping()).toBe(true);

      await bus.close();
      await bus.close();
      expect(await bus.ping()).toBe(false);
      await expect(bus.publish([message(topic, { id: 'two' })])).rejects.toThrow();
      expect(collector.ids()).toEqual(['one']);
    },
    kit.testTimeoutMs,
  );
}
