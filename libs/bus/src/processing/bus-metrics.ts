import type { Metrics } from '@andon/observability';
import type { Counter, Histogram } from 'prom-client';

type ConsumerLabel = 'topic' | 'group';

/** Bus counters; a no-op when no Metrics registry is injected. */
export class BusMetrics {
  private readonly published?: Counter<'topic'>;
  private readonly produceRequests?: Counter;
  private readonly consumed?: Counter<ConsumerLabel>;
  private readonly processed?: Counter<ConsumerLabel>;
  private readonly duplicates?: Counter<ConsumerLabel>;
  private readonly retried?: Counter<ConsumerLabel>;
  private readonly deadLettered?: Counter<ConsumerLabel | 'reason'>;
  private readonly handlerSeconds?: Histogram<ConsumerLabel>;

  constructor(metrics?: Metrics) {
    if (!metrics) return;
    this.published = metrics.counter('andon_bus_published_total', 'Messages acknowledged by the bus', [
      'topic',
    ]);
    this.produceRequests = metrics.counter(
      'andon_bus_produce_requests_total',
      'Produce requests (batches) sent',
    );
    this.consumed = metrics.counter('andon_bus_consumed_total', 'Messages delivered to a consumer group', [
      'topic',
      'group',
    ]);
    this.processed = metrics.counter('andon_bus_processed_total', 'Messages handled successfully', [
      'topic',
      'group',
    ]);
    this.duplicates = metrics.counter(
      'andon_bus_duplicates_total',
      'Redelivered messages skipped by the idempotency store',
      ['topic', 'group'],
    );
    this.retried = metrics.counter(
      'andon_bus_retried_total',
      'Handler attempts that failed and were retried',
      ['topic', 'group'],
    );
    this.deadLettered = metrics.counter(
      'andon_bus_dead_lettered_total',
      'Messages sent to the dead-letter topic',
      ['topic', 'group', 'reason'],
    );
    this.handlerSeconds = metrics.histogram('andon_bus_handler_seconds', 'Handler duration per attempt', [
      'topic',
      'group',
    ]);
  }

  onPublished(topic: string, count: number): void {
    this.published?.inc({ topic }, count);
  }
  onProduceRequest(): void {
    this.produceRequests?.inc();
  }
  onConsumed(topic: string, group: string): void {
    this.consumed?.inc({ topic, group });
  }
  onProcessed(topic: string, group: string): void {
    this.processed?.inc({ topic, group });
  }
  onDuplicate(topic: string, group: string): void {
    this.duplicates?.inc({ topic, group });
  }
  onRetried(topic: string, group: string): void {
    this.retried?.inc({ topic, group });
  }
  onDeadLettered(topic: string, group: string, reason: string): void {
    this.deadLettered?.inc({ topic, group, reason });
  }
  startHandlerTimer(topic: string, group: string): () => void {
    const end = this.handlerSeconds?.startTimer({ topic, group });
    return () => {
      end?.();
    };
  }
}
