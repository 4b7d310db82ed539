import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BUS_MODULE_OPTIONS, EVENT_BUS } from './bus.tokens';
import { BusSubscriptionExplorer } from './bus-subscription.explorer';
import type { BusModuleOptions } from './bus-module.options';

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
}
