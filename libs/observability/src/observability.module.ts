import { Controller, Get, Header, HttpStatus, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health-registry';
import { Metrics } from './metrics';

@Controller()
export class ObservabilityController {
  constructor(
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.health.readiness();
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    res.type(contentType).send(body);
  }
}

/** Health endpoints and `/metrics` for a service; the registry and metrics are shared singletons. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { health: HealthRegistry; metrics: Metrics }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [ObservabilityController],
      providers: [
        { provide: HealthRegistry, useValue: options.health },
        { provide: Metrics, useValue: options.metrics },
      ],
      exports: [HealthRegistry, Metrics],
    };
  }
}
