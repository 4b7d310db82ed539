import type { EventBus, OutgoingMessage } from '@andon/bus';
import type { Logger } from '@andon/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Sweep } from '@andon/service-kit';
import { EventGenerator } from './event-generator';
import { Rng } from './rng';
import { SeededScenario } from './seeded-scenario';
import { PlantService } from '../plant/plant.service';
import { MES_SIM_GENERATOR, MES_SIM_LOG, MES_SIM_OUTLET } from '../mes-sim.tokens';

export interface GeneratorOptions {
  seed: number;
  /** real milliseconds between simulated minutes while catching up with the wall clock */
  intervalMs: number;
  /** first simulated minute; defaults to now */
  startAt?: Date;
  malformedRate?: number;
  /** the wall clock; simulated time never runs ahead of it */
  now?: () => Date;
  /** Play the seeded scenario (scripted situations for every use case) on top of the random plant. */
  scenario?: boolean;
}

/**
 * Runs the simulated plant continuously: simulated minutes published to the raw topics,
 * a shift end for each line when its site's shift changes (the plant model's pattern). Started in the past, it replays that history
 * quickly (one minute per interval) and then runs at wall-clock pace: event timestamps
 * are never in the future, so ingest's skew check and OEE durations stay truthful.
 * A publish failure is logged and the minute is retried on the next interval, so no
 * generated event is lost. The interval is the kit's schedule (a step never overlaps the last).
 */
@Injectable()
export class GeneratorService {
  private readonly generator: EventGenerator;
  private simTime: Date;
  /** The first simulated minute: no shift is reported from before it. */
  private readonly since: Date;
  private pending: OutgoingMessage[] = [];
  published = 0;
  private markCaughtUp: () => void = () => undefined;
  /** Resolves once the replayed history has caught up with the wall clock (the backfill is over). */
  readonly caughtUp: Promise<void> = new Promise((resolve) => (this.markCaughtUp = resolve));

  constructor(
    @Inject(PlantService) private readonly plant: PlantService,
    /** The raw topics, or the Sparkplug publisher in front of them (SIM_TRANSPORT=sparkplug). */
    @Inject(MES_SIM_OUTLET) private readonly bus: Pick<EventBus, 'publish'>,
    @Inject(MES_SIM_LOG) private readonly log: Logger,
    @Inject(MES_SIM_GENERATOR) private readonly options: GeneratorOptions,
  ) {
    this.simTime = options.startAt ?? new Date();
    this.since = this.simTime;
    const runId = this.simTime.getTime().toString(36);
    this.generator = new EventGenerator(
      plant.state,
      new Rng(options.seed),
      options.malformedRate,
      runId,
      options.scenario ? new SeededScenario(runId) : undefined,
    );
  }

  /** Generates and publishes one simulated minute (also used by tests and benchmarks); every SIM_INTERVAL_MS in a running app. */
  @Sweep((self: GeneratorService) => ({ name: 'mes-sim.generator', everyMs: self.options.intervalMs }))
  async step(): Promise<void> {
    const wallClock = (this.options.now ?? (() => new Date()))();
    if (this.pending.length === 0 && this.simTime.getTime() > wallClock.getTime()) {
      this.markCaughtUp();
      return;
    }
    if (this.pending.length === 0) {
      this.pending = [
        ...this.generator.tick(this.simTime),
        ...this.generator.shiftEnds(this.simTime, this.since),
      ];
      this.simTime = new Date(this.simTime.getTime() + 60_000);
      this.plant.persist();
    }
    try {
      await this.bus.publish(this.pending);
      this.published += this.pending.length;
      this.pending = [];
    } catch (err) {
      this.log.warn(
        { err, pending: this.pending.length },
        'publishing simulated events failed; retrying next tick',
      );
    }
  }
}
