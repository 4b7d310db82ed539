import {
  Inject,
  Injectable,
  Logger as NestLogger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { EventBus, MessageContext, Subscription } from '../event-bus.port';
import { BUS_MODULE_OPTIONS, EVENT_BUS, SUBSCRIBE_METADATA } from './bus.tokens';
import type { BusModuleOptions } from './bus-module.options';
import type { SubscribeMetadata, SubscribeSpec } from './subscribe.decorator';

type HandlerMethod = (value: Uint8Array, ctx: MessageContext) => Promise<void>;

interface DiscoveredHandler {
  owner: string;
  method: string;
  /** null: the provider switched this consumer off (resolver form). */
  spec: SubscribeSpec | null;
  invoke: HandlerMethod;
}

/**
 * Finds @Subscribe methods on every singleton provider and controller and runs them as consumers.
 * Shutdown order: the subscriptions close (fetching stops, in-flight handlers drain) in
 * onModuleDestroy, the first phase of `app.close()`, so they are gone before any
 * provider's beforeApplicationShutdown/onApplicationShutdown tears down what handlers use;
 * the bus closes last (unless the process owns it: closeBusOnShutdown false).
 */
@Injectable()
export class BusSubscriptionExplorer
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  private readonly log = new NestLogger('BusModule');
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(BUS_MODULE_OPTIONS) private readonly options: BusModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.topics?.length) await this.bus.ensureTopics(this.options.topics);
    const handlers = this.discover();
    try {
      for (const h of handlers) {
        const spec = h.spec;
        if (!spec) continue;
        if (spec.topics.length === 0) throw new Error(`@Subscribe on ${h.owner}.${h.method} names no topic`);
        const groupId = spec.groupId ?? this.options.groupId;
        if (!groupId) {
          throw new Error(
            `@Subscribe on ${h.owner}.${h.method} has no groupId and BusModule.forRoot sets none`,
          );
        }
        if (spec.createTopics?.length) await this.bus.ensureTopics(spec.createTopics);
        const idempotent = spec.idempotent ?? true;
        const subscription = await this.bus.subscribe({
          groupId,
          topics: spec.topics,
          handler: h.invoke,
          ...(spec.batchHandler ? { batchHandler: spec.batchHandler } : {}),
          ...(spec.maxBatchSize !== undefined ? { maxBatchSize: spec.maxBatchSize } : {}),
          retry: spec.retry ?? this.options.retry,
          dlqTopic: spec.dlqTopic ?? this.options.dlqTopic,
          fromBeginning: spec.fromBeginning,
          partitionsConsumedConcurrently: spec.partitionsConsumedConcurrently,
          idempotencyStore: idempotent ? (spec.idempotencyStore ?? this.options.idempotencyStore) : undefined,
        });
        this.subscriptions.push(subscription);
        this.log.log(`${h.owner}.${h.method} consumes ${spec.topics.join(', ')} as ${groupId}`);
      }
    } catch (err) {
      await this.closeSubscriptions();
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.closeSubscriptions();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.closeSubscriptions();
    if (this.options.closeBusOnShutdown ?? true) await this.bus.close();
  }

  private async closeSubscriptions(): Promise<void> {
    const open = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(open.map((s) => s.close()));
  }

  private discover(): DiscoveredHandler[] {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    const found: DiscoveredHandler[] = [];
    const seen = new Set<object>();
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      // Request-scoped providers have no instance at bootstrap and cannot consume.
      if (
        !wrapper.isDependencyTreeStatic() ||
        typeof instance !== 'object' ||
        instance === null ||
        seen.has(instance)
      )
        continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const metadata = this.reflector.get<SubscribeMetadata | undefined>(
          SUBSCRIBE_METADATA,
          fn as HandlerMethod,
        );
        if (!metadata) continue;
        found.push({
          owner: instance.constructor.name,
          method,
          spec: metadata.resolve ? metadata.resolve(instance) : metadata,
          invoke: (value, ctx) => (fn as HandlerMethod).call(instance, value, ctx),
        });
      }
    }
    return found;
  }
}
