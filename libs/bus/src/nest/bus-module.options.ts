import type { EventBus, RetryPolicy, TopicSpec } from '../event-bus.port';
import type { IdempotencyStore } from '../idempotency/idempotency-store.port';

export interface BusModuleOptions {
  bus: EventBus;
  /** Consumer group of @Subscribe handlers that do not name one (usually the service name). */
  groupId?: string;
  /** Dedupes @Subscribe handlers by event id unless they opt out. */
  idempotencyStore?: IdempotencyStore;
  retry?: RetryPolicy;
  dlqTopic?: string;
  /** Created at bootstrap, before any handler subscribes. */
  topics?: readonly TopicSpec[];
  /** Close the bus after the subscriptions at application shutdown. Default true. */
  closeBusOnShutdown?: boolean;
}
