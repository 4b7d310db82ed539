import { DLQ_HEADERS, InProcessEventBus, type EventBus, type OutgoingMessage } from '@andon/bus';
import { Topics } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import {
  collect,
  jsonBytes,
  jsonHeaders,
  quietLogger,
  rawJson,
  startHarness,
  type Harness,
} from '../test-support/ingest-fixtures';
import { IngestHeaders } from './ingest-headers';

/** The real in-process bus, recording every publish call ingest makes (the decorator changes nothing). */
function recordingBus(): { bus: EventBus; calls: OutgoingMessage[][]; inner: InProcessEventBus } {
  const inner = new InProcessEventBus({ logger: quietLogger() });
  const calls: OutgoingMessage[][] = [];
  const bus: EventBus = {
    ensureTopics: (specs) => inner.ensureTopics(specs),
    partitionCount: (topic) => inner.partitionCount(topic),
    publish: async (messages) => {
      calls.push([...messages]);
      await inner.publish(messages);
    },
    subscribe: (options) => inner.subscribe(options),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { bus, calls, inner };
}

describe('raw topics consumed in batches', () => {
  let h: Harness | undefined;
  let inner: InProcessEventBus | undefined;
  afterEach(async () => {
    await h?.close();
    await inner?.close();
    h = undefined;
  });

  it('publishes a backlog of one line, plant events and dead letters, in one publish per batch, in order', async () => {
    const recording = recordingBus();
    const { bus, calls } = recording;
    inner = recording.inner;
    const ids = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
    const raw: OutgoingMessage[] = ids.map((id) => ({
      topic: Topics.RawMes,
      key: 'plant-a/line-1',
      value: jsonBytes(rawJson({ sourceEventId: id })),
      headers: jsonHeaders,
    }));
    raw.splice(10, 0, {
      topic: Topics.RawMes,
      key: 'plant-a/line-1',
      value: Buffer.from('{"broken'),
      headers: jsonHeaders,
    });
    raw.splice(20, 0, { ...(raw[5] as OutgoingMessage) });
    await inner.ensureTopics([{ name: Topics.RawMes, partitions: 1 }]);
    await inner.publish(raw);
    // Ingest starts on a backlog: its consumer joins when the app bootstraps.
    h = await startHarness({ bus, settings: { INGEST_BATCH_SIZE: 500 } });
    const plant = (await collect(inner, Topics.PlantEvents, 'batch-plant')).records;
    const dlq = (await collect(inner, Topics.DeadLetters, 'batch-dlq')).records;
    await waitFor(() => plant.length === ids.length && dlq.length === 1, {
      description: 'every event and the dead letter',
    });

    expect(plant.map((r) => r.headers[IngestHeaders.SourceEventId])).toEqual(ids);
    expect(dlq[0]?.headers[DLQ_HEADERS.reason]).toBe('decode_failed');
    expect(dlq[0]?.headers[DLQ_HEADERS.sourceOffset]).toBe('10');
    // Ingest's own publishes: the whole backlog was available, so one call carried all of it.
    const ingestCalls = calls.filter((c) =>
      c.some((m) => m.topic === Topics.PlantEvents || m.topic === Topics.DeadLetters),
    );
    expect(ingestCalls).toHaveLength(1);
    expect(ingestCalls[0]?.map((m) => m.topic)).toEqual([
      ...Array<string>(10).fill(Topics.PlantEvents),
      Topics.DeadLetters,
      ...Array<string>(20).fill(Topics.PlantEvents),
    ]);
  });
});
