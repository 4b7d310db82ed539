import { Client } from '@elastic/elasticsearch';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import mongoose from 'mongoose';
import { readState, stateFilePath } from './harness-state';
import { isAlive } from './process-group';
import { elasticsearchUrl, kafkaBrokers, mongoUri, restartKafka, uniqueName, waitFor } from './index';

// Proves each server the global setup started really answers, through the same
// clients the product uses, and that a Kafka restart keeps the log dir.

jest.setTimeout(180_000);

function kafka(): Kafka {
  return new Kafka({
    clientId: uniqueName('harness-spec'),
    brokers: kafkaBrokers(),
    logLevel: logLevel.ERROR,
  });
}

async function createTopic(topic: string): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    expect(created).toBe(true);
  } finally {
    await admin.disconnect();
  }
}

async function produce(topic: string, key: string, value: string): Promise<void> {
  const producer = kafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Reads the topic from the beginning with a fresh group until `count` messages arrived. */
async function consume(topic: string, count: number): Promise<Array<{ key: string; value: string }>> {
  const received: Array<{ key: string; value: string }> = [];
  // disconnect() waits for the in-flight fetch: keep the long poll short (default 5 s).
  const consumer: Consumer = kafka().consumer({ groupId: uniqueName('harness-group'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
      },
    });
    await waitFor(() => received.length >= count, {
      timeoutMs: 60_000,
      description: `${count} message(s) on ${topic}`,
    });
    return received;
  } finally {
    await consumer.disconnect();
  }
}

describe('test harness: real servers', () => {
  it('Kafka creates a topic, takes a message and hands it to a consumer', async () => {
    const topic = uniqueName('harness-topic');
    await createTopic(topic);
    await produce(topic, 'line-7', 'andon pulled');
    await expect(consume(topic, 1)).resolves.toEqual([{ key: 'line-7', value: 'andon pulled' }]);
  });

  it('FerretDB stores and finds a document through mongoose', async () => {
    const connection = await mongoose.createConnection(mongoUri(uniqueName('harness-db'))).asPromise();
    try {
      const Stop = connection.model('Stop', new mongoose.Schema({ line: String, minutes: Number }));
      await Stop.create({ line: 'L1', minutes: 12 });
      await Stop.create({ line: 'L2', minutes: 3 });
      const long = await Stop.find({ minutes: { $gt: 5 } }).lean();
      expect(long.map((doc) => doc.line)).toEqual(['L1']);
      const ping = await connection.db?.admin().command({ ping: 1 });
      expect(ping?.['ok']).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('Elasticsearch indexes a document and finds it by full-text search', async () => {
    const client = new Client({ node: elasticsearchUrl() });
    const index = uniqueName('harness-index');
    try {
      const info = await client.info();
      expect(info.body.version.number).toBe('7.10.2');
      await client.index({
        index,
        id: 'sop-1',
        refresh: true,
        body: { title: 'Torque wrench calibration procedure' },
      });
      await client.index({ index, id: 'sop-2', refresh: true, body: { title: 'Line clearance checklist' } });
      const result = await client.search({ index, body: { query: { match: { title: 'calibration' } } } });
      const ids = (result.body.hits.hits as Array<{ _id: string }>).map((hit) => hit._id);
      expect(ids).toEqual(['sop-1']);
    } finally {
      await client.indices.delete({ index }, { ignore: [404] });
      await client.close();
    }
  });

  it('restartKafka kills the broker and brings it back with its log dir (a produced message survives)', async () => {
    const topic = uniqueName('harness-restart');
    await createTopic(topic);
    await produce(topic, 'before', 'survives the restart');
    const pidBefore = readState(stateFilePath())?.servers.kafka?.pid;
    expect(pidBefore).toBeDefined();

    await restartKafka();

    const pidAfter = readState(stateFilePath())?.servers.kafka?.pid;
    expect(pidAfter).toBeDefined();
    expect(pidAfter).not.toBe(pidBefore);
    expect(isAlive(pidBefore ?? 0)).toBe(false);
    await produce(topic, 'after', 'written after the restart');
    await expect(consume(topic, 2)).resolves.toEqual([
      { key: 'before', value: 'survives the restart' },
      { key: 'after', value: 'written after the restart' },
    ]);
  });
});
