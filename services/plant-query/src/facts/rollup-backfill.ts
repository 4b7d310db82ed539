import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG } from '@andon/service-kit';
import { PlantCalendar, type PlantCalendarSettings } from '../calendar/plant-calendar';
import { PlantFactsRepository } from './plant-facts.repository';
import { rebuildProductionRollups } from './production-rollup';

/** Facts stored before the hourly buckets existed (an upgrade) get their buckets once, before new events arrive. */
@Injectable()
export class RollupBackfill {
  constructor(
    @Inject(PlantFactsRepository) private readonly facts: PlantFactsRepository,
    @Inject(PlantCalendar) private readonly plant: Pick<PlantCalendarSettings, 'sites'>,
    @Inject(SERVICE_LOG) private readonly log: Logger,
  ) {}

  async run(): Promise<void> {
    const sites = [...this.plant.sites()];
    if (
      (await this.facts.productionHourly.count(sites)) > 0 ||
      (await this.facts.facts('production').count(sites)) === 0
    )
      return;
    const buckets = await rebuildProductionRollups(this.facts, sites);
    this.log.info({ buckets }, 'plant-query: hourly production buckets rebuilt from stored facts');
  }
}
