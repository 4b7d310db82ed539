import { Module, type INestApplicationContext } from '@nestjs/common';
import { type Clock } from '@andon/service-kit';
import { NestFactory } from '@nestjs/core';
import type { EventBus } from '@andon/bus';
import type { SigningKeyPair } from '@andon/governance/policy';
import type { UserDirectory } from '@andon/governance/auth';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { ApprovalModule, type ApprovalModuleConfig } from '../approval.module';
import { POLICY_ROOT, TEST_HS256_SECRET } from './test-constants';

/** The module's config for tests: the repository's policies, the test HS256 secret, no gRPC listener. */
export function testApprovalConfig(overrides: Partial<ApprovalModuleConfig> = {}): ApprovalModuleConfig {
  return {
    GRPC_PORT: 0,
    GRPC_ENABLED: false,
    JWT_HS256_SECRET: TEST_HS256_SECRET,
    JWKS_URL: undefined,
    JWT_ISSUER: undefined,
    JWT_AUDIENCE: undefined,
    LOGIN_TOKEN_TTL: '1h',
    POLICY_DIR: POLICY_ROOT,
    // Specs sweep by hand on a clock they move; the kit's timer must not race them.
    EXPIRY_SWEEP_MS: 24 * 60 * 60_000,
    CONSUMER_GROUP: 'approval-test',
    ...overrides,
  };
}

export interface ApprovalContextOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  signingKey: SigningKeyPair;
  users: UserDirectory;
  clock?: Clock;
  config?: Partial<ApprovalModuleConfig>;
}

/**
 * The real ApprovalModule, built and started by Nest without an HTTP server: its consumers
 * subscribe (in `CONSUMER_GROUP`), the outbox is flushed on start, and specs `get()` the
 * use cases they drive from the returned context.
 */
export async function startApprovalContext(
  options: ApprovalContextOptions,
): Promise<INestApplicationContext> {
  @Module({
    imports: [
      ApprovalModule.forRoot({
        bus: options.bus,
        store: options.store,
        log: options.log,
        metrics: options.metrics,
        config: testApprovalConfig(options.config),
        signingKey: options.signingKey,
        users: options.users,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    ],
  })
  class ApprovalTestContext {}
  return NestFactory.createApplicationContext(ApprovalTestContext, { logger: false });
}
