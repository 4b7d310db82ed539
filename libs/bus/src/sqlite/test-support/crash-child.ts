/**
 * Child process of sqlite-event-bus.crash.spec.ts: publishes a stream from 4 concurrent
 * publishers while group 'g' consumes it, printing `P <id>` once a publish resolved and
 * `H <id>` when the handler ran. The spec SIGKILLs it mid-stream.
 */
import { writeSync } from 'node:fs';
import { SqliteEventBus } from '../sqlite-event-bus';

/**
 * Written synchronously: process.stdout may still buffer a pipe write when the kill comes,
 * and a handled record the parent never hears of looks like a record the group skipped.
 */
function writeLines(text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(1, bytes, at);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EAGAIN') throw err;
    }
  }
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: crash-child <bus file>');
  const bus = new SqliteEventBus({ file, retentionIntervalMs: 0, logger: undefined });
  await bus.ensureTopics([{ name: 't', partitions: 4 }]);
  if (process.argv[3] === 'close') {
    // Nothing else keeps this process alive while the bus closes (its checkpoint thread stops).
    await bus.publish([{ topic: 't', value: Buffer.from('one') }]);
    await bus.close();
    writeLines('CLOSED\n');
    return;
  }
  await bus.subscribe({
    groupId: 'g',
    topics: ['t'],
    partitionsConsumedConcurrently: 4,
    handler: async (value) => {
      writeLines(`H ${Buffer.from(value).toString()}\n`);
    },
  });
  await Promise.all(
    [0, 1, 2, 3].map(async (publisher) => {
      for (let batch = 0; ; batch++) {
        const size = 1 + (batch % 5);
        const batchIds = Array.from({ length: size }, (_, i) => `p${publisher}-b${batch}-${i}`);
        await bus.publish(
          batchIds.map((id) => ({
            topic: 't',
            key: `key-${publisher}-${batch % 7}`,
            value: Buffer.from(id),
            headers: { 'andon-event-id': id },
          })),
        );
        writeLines(batchIds.map((id) => `P ${id}\n`).join(''));
      }
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
