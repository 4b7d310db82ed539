import { Inject, Injectable } from '@nestjs/common';
import { Subscribe, type MessageContext } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { ContextRetrievalModuleConfig } from '../config/context-retrieval.config';
import { RETRIEVAL_SETTINGS } from '../context-retrieval.tokens';
import { RecordIndexer } from './record-indexer.service';

/** Subscribes the record indexer to andon.plant-events.v1 when INDEX_PLANT_EVENTS; retries and the DLQ are the bus's. */
@Injectable()
export class PlantEventsConsumer {
  constructor(
    private readonly records: RecordIndexer,
    @Inject(RETRIEVAL_SETTINGS)
    private readonly settings: Pick<ContextRetrievalModuleConfig, 'CONSUMER_GROUP' | 'INDEX_PLANT_EVENTS'>,
  ) {}

  @Subscribe((self: PlantEventsConsumer) =>
    self.settings.INDEX_PLANT_EVENTS
      ? { groupId: `${self.settings.CONSUMER_GROUP}-records`, topics: [Topics.PlantEvents] }
      : null,
  )
  async handle(value: Uint8Array, ctx: MessageContext): Promise<void> {
    const outcome = await this.records.handle(value);
    ctx.log.debug({ outcome }, 'plant event handled');
  }
}
