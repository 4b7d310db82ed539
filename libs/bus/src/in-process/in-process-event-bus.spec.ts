import { waitFor } from '@andon/testing';
import { runEventBusContract } from '../contract/run-event-bus-contract';
import { InProcessEventBus } from './in-process-event-bus';

runEventBusContract('in-process', ({ logger, metrics }) => new InProcessEventBus({ logger, metrics }));

describe('InProcessEventBus retention', () => {
  it('drops the oldest records beyond the per-partition bound and restarts lagging groups at the oldest kept', async () => {
    const bus = new InProcessEventBus({ maxRecordsPerPartition: 10 });
    try {
      await bus.ensureTopics([{ name: 't', partitions: 1 }]);
      await bus.publish(
        Array.from({ length: 25 }, (_, i) => ({ topic: 't', value: Buffer.from(String(i)) })),
      );
      const seen: string[] = [];
      const sub = await bus.subscribe({
        groupId: 'g',
        topics: ['t'],
        handler: async (value) => {
          seen.push(Buffer.from(value).toString());
        },
      });
      await bus.publish([{ topic: 't', value: Buffer.from('25') }]);
      await waitFor(() => seen.includes('25'), {
        timeoutMs: 5_000,
        description: 'the record published last',
      });
      await sub.close();
      expect(seen.length).toBeLessThanOrEqual(11);
      expect(seen.at(-1)).toBe('25');
      expect(seen).not.toContain('0');
    } finally {
      await bus.close();
    }
  });
});
