import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { KitAuthGuard } from './auth/kit-auth.guard';
import { KitExceptionFilter } from './errors/kit-exception.filter';
import { HealthController } from './http/health.controller';

/**
 * Imported by every service module: installs the one global auth guard (closed unless
 * @Public) and the one exception filter. Importing it twice (the standalone composes every
 * service) installs it once: Nest instantiates a static module a single time.
 */
@Module({
  controllers: [HealthController],
  providers: [
    { provide: APP_GUARD, useClass: KitAuthGuard },
    { provide: APP_FILTER, useClass: KitExceptionFilter },
  ],
})
export class ServiceKitModule {}
