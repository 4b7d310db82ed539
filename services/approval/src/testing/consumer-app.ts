import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusModule } from '@andon/bus';
import { APPROVAL_CORE, APPROVAL_SETTINGS } from '../approval.tokens';
import type { ApprovalHarness } from './approval-harness';

/** Runs approval's @Subscribe consumers on the harness's bus and core, as the module does, in consumer group `group`. */
export async function startConsumers(
  h: ApprovalHarness,
  consumers: readonly Type<unknown>[],
  group: string,
): Promise<INestApplicationContext> {
  @Module({
    imports: [BusModule.shared(h.bus)],
    providers: [
      { provide: APPROVAL_CORE, useValue: h.core },
      { provide: APPROVAL_SETTINGS, useValue: { CONSUMER_GROUP: group } },
      ...consumers,
    ],
  })
  class ConsumersModule {}
  return NestFactory.createApplicationContext(ConsumersModule, { logger: false });
}
