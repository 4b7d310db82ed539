import {
  Inject,
  Injectable,
  Logger as NestLogger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { EventBus, MessageContext, Subscription } from '../event-bus.port';
import { BUS_MODULE_OPTIONS, EVENT_BUS, SUBSCRIBE_METADATA } from './bus.tokens';
import type { BusModuleOptions } from './bus-module.options';
import type { SubscribeMetadata } from './subscribe.decorator';

type HandlerMethod = (value: Uint8Array, ctx: MessageContext) => Promise<void>;

interface DiscoveredHandler {
  owner: string;
  method: string;
  metadata: SubscribeMetadata;
  invoke: HandlerMethod;
}

/** Finds @Subscribe methods on every singleton provider and controller and runs them as consumers. */
@Injectable()
export class BusSubscriptionExplorer implements OnApplicationBootstrap, OnApplicationShutdown {
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
        const groupId = h.metadata.groupId ?? this.options.groupId;
        if (!groupId) {
          throw new Error(`@Subscribe on ${h.owner}.${h.method} has no groupId and BusModule.forRoot sets none`);
        }
        const idempotent = h.metadata.idempotent ?? true;
        const subscription = await this.bus.subscribe({
          groupId,
          topics: h.metadata.topics,
          handler: h.invoke,
          retry: h.metadata.retry ?? this.options.retry,
          dlqTopic: h.metadata.dlqTopic ?? this.options.dlqTopic,
          fromBeginning: h.metadata.fromBeginning,
          partitionsConsumedConcurrently: h.metadata.partitionsConsumedConcurrently,
          idempotencyStore: idempotent ? this.options.idempotencyStore : undefined,
        });
        this.subscriptions.push(subscription);
        this.log.log(`${h.owner}.${h.method} consumes ${h.metadata.topics.join(', ')} as ${groupId}`);
      }
    } catch (err) {
      await this.closeSubscriptions();
      throw err;
    }
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
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const metadata = this.reflector.get<SubscribeMetadata | undefined>(SUBSCRIBE_METADATA, fn as HandlerMethod);
        if (!metadata) continue;
        found.push({
          owner: instance.constructor.name,
          method,
          metadata,
          invoke: (value, ctx) => (fn as HandlerMethod).call(instance, value, ctx),
        });
      }
    }
    return found;
  }
}
