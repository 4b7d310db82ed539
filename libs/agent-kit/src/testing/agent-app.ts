import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MessageContext } from '@andon/bus';
import type { AgentDefinition } from '../define-agent';
import { AgentContext, type AgentKitSettings, type AgentModuleOptions } from '../agent-context';
import { AgentPlantEventsConsumer } from '../agent-plant-events.consumer';
import type { AgentTopicNames } from '../agent-topics';

/** An agent's module started on its own, as the process would start it (without HTTP). */
export interface AgentApp {
  app: INestApplicationContext;
  topics: AgentTopicNames;
  /** Hands one record to the plant-event consumer directly (a redelivery the bus dedupe did not catch). */
  deliver(value: Uint8Array, ctx: MessageContext): Promise<void>;
  close(): Promise<void>;
}

export async function startAgentApp<S extends AgentKitSettings, O extends AgentModuleOptions<S>>(
  definition: AgentDefinition<S, O>,
  options: O,
): Promise<AgentApp> {
  const app = await NestFactory.createApplicationContext(definition.forRoot(options), {
    logger: false,
    abortOnError: false,
  });
  const consumer = app.get(AgentPlantEventsConsumer);
  let closing: Promise<void> | undefined;
  return {
    app,
    topics: app.get(AgentContext).topics,
    deliver: (value, ctx) => consumer.handle(value, ctx),
    close: () => (closing ??= app.close()),
  };
}
