import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { KitAuthGuard } from './auth/kit-auth.guard';
import { KitExceptionFilter } from './errors/kit-exception.filter';
import { HealthController } from './http/health.controller';
import { SweepExplorer } from './schedule/sweep.explorer';

/**
 * Imported by every service module: installs the one global auth guard (closed unless
 * @Public) and the one exception filter. Importing it twice (the standalone composes every
 * service) installs it once: Nest instantiates a static module a single time. It also
 * runs every @Sweep (one scheduler, @nestjs/schedule's registry, for the whole process).
 */
@Module({
  imports: [DiscoveryModule, ScheduleModule.forRoot()],
  controllers: [HealthController],
  providers: [
    { provide: APP_GUARD, useClass: KitAuthGuard },
    { provide: APP_FILTER, useClass: KitExceptionFilter },
    SweepExplorer,
  ],
  exports: [SweepExplorer],
})
export class ServiceKitModule {}
