import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { EventBus } from '../event-bus.port';
import { BUS_MODULE_OPTIONS, EVENT_BUS } from './bus.tokens';
import { BusSubscriptionExplorer } from './bus-subscription.explorer';
import type { BusModuleOptions } from './bus-module.options';

const sharedModules = new WeakMap<EventBus, DynamicModule>();

/**
 * Global module: provides the EventBus under EVENT_BUS and starts every @Subscribe
 * handler on application bootstrap; closes them (then the bus) on shutdown.
 */
@Module({})
export class BusModule {
  static forRoot(options: BusModuleOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: EVENT_BUS, useValue: options.bus },
        { provide: BUS_MODULE_OPTIONS, useValue: options },
        BusSubscriptionExplorer,
      ],
      exports: [EVENT_BUS],
    };
  }

  /**
   * What a service module imports: the same module object for the same bus, so an app that
   * composes several services over one bus (services/standalone) runs one explorer, and
   * each handler joins the consumer group its own service names (no module default).
   * The bus is the process's to close (bootstrapService's closers), not this module's.
   */
  static shared(bus: EventBus): DynamicModule {
    let module = sharedModules.get(bus);
    if (!module) {
      module = BusModule.forRoot({ bus, closeBusOnShutdown: false });
      sharedModules.set(bus, module);
    }
    return module;
  }
}
