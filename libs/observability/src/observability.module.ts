import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry } from './health-registry';
import { Metrics } from './metrics';

/**
 * The health registry and metrics of a service as global singletons. The routes that
 * serve them live in the service kit: health on the service port (public), metrics on a
 * port of their own.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { health: HealthRegistry; metrics: Metrics }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      providers: [
        { provide: HealthRegistry, useValue: options.health },
        { provide: Metrics, useValue: options.metrics },
      ],
      exports: [HealthRegistry, Metrics],
    };
  }
}
