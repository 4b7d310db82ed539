import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from '@andon/observability';
import { Public } from '../auth/access.decorators';

/**
 * Liveness and readiness on the service port, the only public routes there. Metrics are
 * served on their own port (startMetricsServer), which is all a monitoring namespace may reach.
 */
@Controller()
@Public('probes of the kubelet and load balancers carry no credentials')
export class HealthController {
  constructor(@Optional() @Inject(HealthRegistry) private readonly health?: HealthRegistry) {}

  @Get('health')
  async summary(@Res() res: Response): Promise<void> {
    await this.ready(res);
  }

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    if (!this.health) {
      res.status(HttpStatus.OK).json({ status: 'ok', checks: {} });
      return;
    }
    const report = await this.health.readiness();
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}
