import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { createEventBus } from '@andon/bus';
import { HealthRegistry, Metrics, ObservabilityModule, createLogger } from '@andon/observability';
import { createDocumentStore } from '@andon/persistence';
import { bootstrapService, enforceProductionProfile } from '@andon/service-kit';
import { ApprovalModule } from './approval.module';
import { loadApprovalConfig } from './config/approval.config';
import { APPROVAL_PRODUCTION_CHECKS } from './config/production-checks';
import { resolveSigningKey } from './config/signing-key';
import { resolveUserDirectory } from './users/resolve-user-directory';

async function bootstrap(): Promise<void> {
  const config = loadApprovalConfig();
  enforceProductionProfile('approval', process.env, APPROVAL_PRODUCTION_CHECKS);
  const log = createLogger('approval', config.LOG_LEVEL);
  if (!config.JWT_HS256_SECRET && !config.JWKS_URL) {
    // Tokens signed with a per-process secret die with the process: fine for a laptop, never for production.
    config.JWT_HS256_SECRET = randomBytes(32).toString('base64url');
    log.warn(
      'neither JWT_HS256_SECRET nor JWKS_URL is set: using a random per-process HS256 secret (dev only)',
    );
  }
  const metrics = new Metrics({ service: 'approval' });
  const health = new HealthRegistry();
  const bus = createEventBus(config, { logger: log, metrics });
  const store = await createDocumentStore(config);
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  @Module({
    imports: [
      ObservabilityModule.forRoot({ health, metrics }),
      ApprovalModule.forRoot({
        bus,
        store,
        log,
        metrics,
        config,
        signingKey: resolveSigningKey(
          { pem: config.APPROVAL_SIGNING_KEY_PEM, dataDir: config.ANDON_DATA_DIR },
          log,
        ),
        users: resolveUserDirectory(config, log),
      }),
    ],
  })
  class AppModule {}

  await bootstrapService({
    name: 'approval',
    module: AppModule,
    log,
    metrics,
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    metricsPort: config.METRICS_PORT,
    closers: [() => bus.close(), () => store.close()],
    details: { grpcPort: config.GRPC_ENABLED ? config.GRPC_PORT : null, profile: config.ANDON_PROFILE },
  });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`approval failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
