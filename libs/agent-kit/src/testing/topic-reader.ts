import { Kafka, logLevel } from 'kafkajs';
import { ProposedAction } from '@andon/contracts';
import { kafkaBrokers, uniqueName, waitFor } from '@andon/testing';

export interface TopicRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Every record of a topic on the test broker, up to the end offsets read when called:
 * the way to assert "and nothing else" after a sentinel, since a recorder that has seen
 * the sentinel may still lag on the topic's other partitions.
 */
export async function readWholeTopic(
  topic: string,
  opts: { timeoutMs?: number } = {},
): Promise<TopicRecord[]> {
  const kafka = new Kafka({
    brokers: kafkaBrokers(),
    clientId: uniqueName('topic-reader'),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    ends = new Map(
      (await admin.fetchTopicOffsets(topic))
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, BigInt(p.high)]),
    );
  } finally {
    await admin.disconnect();
  }
  const records: TopicRecord[] = [];
  if (ends.size === 0) return records;
  const consumer = kafka.consumer({ groupId: uniqueName('topic-reader') });
  const reached = new Set<number>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return;
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value ?? Buffer.alloc(0),
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [
              k,
              Array.isArray(v) ? String(v[0] ?? '') : String(v ?? ''),
            ]),
          ),
        });
        if (BigInt(message.offset) + 1n >= end) reached.add(partition);
      },
    });
    await waitFor(() => reached.size === ends.size, {
      timeoutMs: opts.timeoutMs ?? 30_000,
      description: `every partition of ${topic} read to its end offset`,
    });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** The whole proposed-actions topic, decoded. */
export async function readProposedActions(topic: string): Promise<ProposedAction[]> {
  return (await readWholeTopic(topic)).map((r) => ProposedAction.decode(r.value));
}
