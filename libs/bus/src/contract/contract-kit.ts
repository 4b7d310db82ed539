import { Metrics, type Logger } from '@andon/observability';
import pino from 'pino';
import { BUS_HEADERS } from '../bus-headers';
import type {
  EventBus,
  MessageContext,
  MessageHandler,
  OutgoingMessage,
  Subscription,
} from '../event-bus.port';

/** Builds a fresh bus for one contract test; the suite closes it afterwards. */
export type ContractBusFactory = (deps: { logger: Logger; metrics: Metrics }) => Promise<EventBus> | EventBus;

export interface ContractOptions {
  /** Per-test timeout; Kafka needs more (group joins, rebalances). */
  testTimeoutMs?: number;
  /** Timeout of each waitFor inside a test. */
  waitTimeoutMs?: number;
}

export interface TestBus {
  bus: EventBus;
  metrics: Metrics;
}

export interface ContractKit {
  newBus(): Promise<TestBus>;
  testTimeoutMs: number;
  waitTimeoutMs: number;
}

export interface TestBody {
  id: string;
  seq?: number;
}

export interface Delivery {
  body: TestBody;
  value: Uint8Array;
  ctx: MessageContext;
}

export function silentLogger(): Logger {
  return pino({ level: process.env['ANDON_TEST_BUS_LOG_LEVEL'] ?? 'silent' });
}

export function encode(body: TestBody): Uint8Array {
  return Buffer.from(JSON.stringify(body), 'utf8');
}

export function decode(value: Uint8Array): TestBody {
  return JSON.parse(Buffer.from(value).toString('utf8')) as TestBody;
}

export function message(
  topic: string,
  body: TestBody,
  options: { key?: string; eventId?: string; headers?: Record<string, string> } = {},
): OutgoingMessage {
  const headers: Record<string, string> = { ...options.headers };
  if (options.eventId !== undefined) headers[BUS_HEADERS.eventId] = options.eventId;
  return { topic, key: options.key ?? null, value: encode(body), headers };
}

/**
 * Records what a handler receives. `behaviour` runs before a delivery counts as
 * handled; when it throws, the attempt is recorded but the delivery is not.
 */
export class Collector {
  readonly attempts: Delivery[] = [];
  readonly handled: Delivery[] = [];
  inFlight = 0;

  constructor(private readonly behaviour?: (body: TestBody, ctx: MessageContext) => Promise<void> | void) {}

  readonly handler: MessageHandler = async (value, ctx) => {
    const delivery = { body: decode(value), value, ctx };
    this.attempts.push(delivery);
    this.inFlight += 1;
    try {
      await this.behaviour?.(delivery.body, ctx);
    } finally {
      this.inFlight -= 1;
    }
    this.handled.push(delivery);
  };

  ids(): string[] {
    return this.handled.map((d) => d.body.id);
  }

  count(id: string): number {
    return this.handled.filter((d) => d.body.id === id).length;
  }
}

export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

/** Current value of a counter series, 0 when it has not been incremented. */
export async function counterValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return match?.value ?? 0;
}

export async function closeAll(subscriptions: readonly Subscription[]): Promise<void> {
  await Promise.all(subscriptions.map((s) => s.close()));
}
