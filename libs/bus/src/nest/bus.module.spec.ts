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
    return this.bus.publish([
      {
        topic: TOPIC,
        key: 'site-1/line-2',
        value: Buffer.from(reason),
        headers: { [BUS_HEADERS.eventId]: eventId },
      },
    ]);
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
    const app = await NestFactory.createApplicationContext(appModule(bus, 'quality-agent'), {
      logger: false,
    });
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
    await expect(
      NestFactory.createApplicationContext(appModule(bus, undefined), { logger: false, abortOnError: false }),
    ).rejects.toThrow(/PlantEventsConsumer\.onPlantEvent has no groupId/);
    await bus.close();
  });
});

interface LedgerSettings {
  group: string;
  consume: boolean;
  built: ConfiguredConsumer[];
}

@Injectable()
class ConfiguredConsumer {
  readonly seen: string[] = [];
  readonly batches: number[] = [];

  constructor(@Inject('settings') readonly settings: LedgerSettings) {
    settings.built.push(this);
  }

  @Subscribe((self: ConfiguredConsumer) =>
    self.settings.consume
      ? {
          topics: [TOPIC],
          groupId: self.settings.group,
          createTopics: [{ name: 'andon.ledger.entries.v1', partitions: 2 }],
          batchHandler: async (batch) => {
            self.batches.push(batch.length);
            for (const item of batch) self.seen.push(`batch:${Buffer.from(item.value).toString('utf8')}`);
          },
        }
      : null,
  )
  async onRecord(value: Uint8Array): Promise<void> {
    this.seen.push(Buffer.from(value).toString('utf8'));
  }
}

/** One service module of a composed app: it imports the bus's shared module itself. */
function serviceModule(bus: EventBus, settings: LedgerSettings, onShutdown: string[]): new () => object {
  @Injectable()
  class ServiceTeardown {
    async onApplicationShutdown(): Promise<void> {
      // What a service's teardown may still do with the bus: consumers must be gone by now.
      await bus.publish([
        { topic: TOPIC, key: 'plant-a/line-1', value: Buffer.from(`late-${settings.group}`), headers: {} },
      ]);
      onShutdown.push(`${settings.group} store closed`);
    }
  }
  @Module({
    imports: [BusModule.shared(bus)],
    providers: [{ provide: 'settings', useValue: settings }, ConfiguredConsumer, ServiceTeardown],
    exports: [ConfiguredConsumer],
  })
  class ServiceModule {}
  return ServiceModule;
}

describe('BusModule.shared', () => {
  it('composes services over one bus with one explorer; each handler joins the group its config names', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger() });
    await bus.ensureTopics([{ name: TOPIC, partitions: 1 }]);
    const steps: string[] = [];
    const ledgerSettings: LedgerSettings = { group: 'audit-ledger', consume: true, built: [] };
    const idleSettings: LedgerSettings = { group: 'mcp', consume: false, built: [] };
    const ledger = serviceModule(bus, ledgerSettings, steps);
    const idle = serviceModule(bus, idleSettings, steps);
    @Module({ imports: [ledger, idle] })
    class Mesh {}
    const app = await NestFactory.createApplicationContext(Mesh, { logger: false });
    const [active, switchedOff] = [ledgerSettings.built, idleSettings.built].map((built) => {
      expect(built).toHaveLength(1);
      return built[0] as ConfiguredConsumer;
    }) as [ConfiguredConsumer, ConfiguredConsumer];
    expect(BusModule.shared(bus)).toBe(BusModule.shared(bus));

    await bus.publish([
      {
        topic: TOPIC,
        key: 'plant-a/line-1',
        value: Buffer.from('scrap'),
        headers: { [BUS_HEADERS.eventId]: 'evt-9' },
      },
    ]);
    await waitFor(() => active.seen.length >= 1, {
      timeoutMs: 5_000,
      description: 'the configured group consumed',
    });
    // Exactly one subscription per enabled handler: a second explorer would deliver twice.
    expect(active.seen).toEqual(['batch:scrap']);
    expect(active.batches).toEqual([1]);
    expect(switchedOff.seen).toEqual([]);

    await app.close();
    // The shared module leaves the bus to the process that opened it.
    expect(await bus.ping()).toBe(true);
    // Subscriptions closed before the services' own shutdown hooks ran: what those published was not consumed.
    expect([...steps].sort()).toEqual(['audit-ledger store closed', 'mcp store closed']);
    expect(active.seen).toEqual(['batch:scrap']);
    expect(await bus.partitionCount(TOPIC)).toBe(1);
    expect(await bus.partitionCount('andon.ledger.entries.v1')).toBe(2);
    await bus.close();
  });
});
