import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { ContextRetrievalCore, ContextRetrievalModuleConfig } from '../context-retrieval-core';
import { CONTEXT_RETRIEVAL_CORE, RETRIEVAL_SETTINGS } from '../context-retrieval.tokens';

/** Subscribes the record indexer to andon.plant-events.v1 when INDEX_PLANT_EVENTS; retries and the DLQ are the bus's. */
@Injectable()
export class PlantEventsConsumer {
  constructor(
    @Inject(CONTEXT_RETRIEVAL_CORE) private readonly core: ContextRetrievalCore,
    @Inject(RETRIEVAL_SETTINGS)
    private readonly settings: Pick<ContextRetrievalModuleConfig, 'CONSUMER_GROUP' | 'INDEX_PLANT_EVENTS'>,
  ) {}

  @Subscribe((self: PlantEventsConsumer) =>
    self.settings.INDEX_PLANT_EVENTS
      ? { groupId: `${self.settings.CONSUMER_GROUP}-records`, topics: [Topics.PlantEvents] }
      : null,
  )
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const outcome = await this.core.records.handle(value);
    ctx.log.debug({ outcome }, 'plant event handled');
  }
}
