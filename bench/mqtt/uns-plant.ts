/**
 * The plant side of bench:mqtt, in its own process (a plant does not share the source's
 * event loop): publishes UNS JSON at QoS 1 to the broker on command and reports when each
 * publish call was made (epoch ms from the same clock the reader uses).
 *   IPC in:  { kind: 'flat', topic, base, count } | { kind: 'paced', topic, base, count, rate } | { kind: 'stop' }
 *   IPC out: { kind: 'ready' } | { kind: 'sent', sentAt: number[] }
 */
import { performance } from 'node:perf_hooks';
import { connectAsync } from 'mqtt';

type Command =
  | { kind: 'flat'; topic: string; base: number; count: number }
  | { kind: 'paced'; topic: string; base: number; count: number; rate: number }
  | { kind: 'stop' };

const now = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const url = process.env['MQTT_URL'];
  if (!url) throw new Error('MQTT_URL is required');
  const publisher = await connectAsync(url, { clientId: `plant-${process.pid}` });
  const body = (value: number, ts: number): string => JSON.stringify({ value, timestamp_ms: ts });
  process.on('message', (command: Command) => {
    void (async () => {
      if (command.kind === 'stop') {
        await publisher.endAsync();
        process.exit(0);
      }
      const sentAt: number[] = [];
      if (command.kind === 'flat') {
        await Promise.all(
          Array.from({ length: command.count }, (_, i) => {
            sentAt.push(now());
            return publisher.publishAsync(command.topic, body(60 + (i % 40), command.base + i), { qos: 1 });
          }),
        );
      } else {
        const start = performance.now();
        const pending: Array<Promise<unknown>> = [];
        for (let i = 0; i < command.count; i++) {
          const wait = start + (i * 1000) / command.rate - performance.now();
          if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
          sentAt.push(now());
          pending.push(publisher.publishAsync(command.topic, body(70, command.base + i), { qos: 1 }));
        }
        await Promise.all(pending);
      }
      process.send?.({ kind: 'sent', sentAt });
    })();
  });
  process.send?.({ kind: 'ready' });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
