import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext } from '@andon/bus';
import { AgentContext } from './agent-context';
import { decodePlantEvent } from './plant-event.decoder';
import type { PlantEventHandler } from './plant-events.consumer';

/** Injection token of the agent's domain handler of andon.plant-events.v1 (defineAgent's handlers.plantEvents). */
export const PLANT_EVENT_HANDLER = Symbol('andon:agent-plant-event-handler');

/**
 * Thin on purpose: decode and validate at the edge, hand the event to the agent. Each
 * partition is consumed sequentially, so the events of one line arrive in order.
 * Invalid events are dead-lettered at once (NonRetryableError); other failures are
 * retried by the bus and then dead-lettered.
 */
@Injectable()
export class AgentPlantEventsConsumer {
  constructor(
    @Inject(AgentContext) private readonly agent: AgentContext,
    @Inject(PLANT_EVENT_HANDLER) private readonly handler: PlantEventHandler,
  ) {}

  @Subscribe((self: AgentPlantEventsConsumer) =>
    self.agent.subscription({ topics: ['plantEvents'], concurrent: true }),
  )
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const event = decodePlantEvent(value);
    await this.handler.handle(
      event,
      ctx.log.child({ site: event.site, line: event.line, eventType: event.payload.$case }),
    );
  }
}
