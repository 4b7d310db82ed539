import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { waitFor } from '@andon/testing';
import { BUS_HEADERS } from '../bus-headers';
import { silentLogger } from '../contract/contract-kit';
import type { EventBus, MessageContext } from '../event-bus.port';
import { InMemoryIdempotencyStore } from '../idempotency/in-memory-idempotency.store';
import { InProcessEventBus } from '../in-process/in-process-event-bus';
import { EVENT_BUS } from './bus.tokens';
import { BusModule } from './bus.module';
import { Subscribe } from './subscribe.decorator';

const TOPIC = 'andon.plant-events.v1';

@Injectable()
class Downtime {
  readonly reasons: string[] = [];
}

@Injectable()
class PlantEventsConsumer {
  readonly contexts: MessageContext[] = [];

  constructor(@Inject(Downtime) private readonly downtime: Downtime) {}

  @Subscribe(TOPIC)
  async onPlantEvent(value: Uint8Array, ctx: MessageContext): Promise<void> {
    this.contexts.push(ctx);
    this.downtime.reasons.push(Buffer.from(value).toString('utf8'));
  }

  @Subscribe(TOPIC, { groupId: 'audit', idempotent: false })
  async audit(value: Uint8Array): Promise<void> {
    this.downtime.reasons.push(`audit:${Buffer.from(value).toString('utf8')}`);
  }

  /** Undecorated methods must be ignored by the explorer. */
  describe(): string {
    return `${this.contexts.length} plant events`;
  }
}

@Injectable()
class EventPublisher {
  constructor(@Inject(EVENT_BUS) readonly bus: EventBus) {}

  publish(reason: string, eventId: string): Promise<void> {
    return this.bus.publish([{ topic: TOPIC, key: 'site-1/line-2', value: Buffer.from(reason), headers: { [BUS_HEADERS.eventId]: eventId } }]);
  }
}

function appModule(bus: EventBus, groupId: string | undefined): new () => object {
  @Module({
    imports: [
      BusModule.forRoot({
        bus,
        groupId,
        idempotencyStore: new InMemoryIdempotencyStore(),
        topics: [{ name: TOPIC, partitions: 3 }],
      }),
    ],
    providers: [Downtime, PlantEventsConsumer, EventPublisher],
  })
  class AppModule {}
  return AppModule;
}

describe('BusModule', () => {
  it('runs @Subscribe methods of providers as consumers from bootstrap until shutdown', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger() });
    const app = await NestFactory.createApplicationContext(appModule(bus, 'quality-agent'), { logger: false });
    const consumer = app.get(PlantEventsConsumer);
    const downtime = app.get(Downtime);
    const publisher = app.get(EventPublisher);

    await publisher.publish('no-material', 'evt-1');
    await publisher.publish('no-material', 'evt-1');
    await publisher.publish('changeover', 'evt-2');
    await waitFor(() => downtime.reasons.length >= 5, { timeoutMs: 5_000, description: 'both handlers' });

    expect(downtime.reasons.filter((r) => !r.startsWith('audit:'))).toEqual(['no-material', 'changeover']);
    expect(downtime.reasons.filter((r) => r.startsWith('audit:'))).toHaveLength(3);
    expect(consumer.contexts.map((c) => [c.groupId, c.eventId, c.key])).toEqual([
      ['quality-agent', 'evt-1', 'site-1/line-2'],
      ['quality-agent', 'evt-2', 'site-1/line-2'],
    ]);
    expect(await bus.partitionCount(TOPIC)).toBe(3);

    await app.close();
    expect(await bus.ping()).toBe(false);
  });

  it('refuses to start a handler without a consumer group', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger() });
    await expect(NestFactory.createApplicationContext(appModule(bus, undefined), { logger: false, abortOnError: false })).rejects.toThrow(
      /PlantEventsConsumer\.onPlantEvent has no groupId/,
    );
    await bus.close();
  });
});
