import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AgentContext } from './agent-context';

/**
 * An agent's periodic work (state purge, the compliance agent's revision sweep) as named
 * intervals in @nestjs/schedule's registry. A run never overlaps the previous one; a
 * failure is logged and the next run tries again. Stopped, and the run in flight awaited,
 * when the module is destroyed (before the process closes the store).
 */
@Injectable()
export class AgentSchedule implements OnModuleDestroy {
  private readonly names: string[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(AgentContext) private readonly agent: AgentContext,
  ) {}

  every(what: string, intervalMs: number, task: () => Promise<void>): void {
    const name = `${this.agent.id}:${what}`;
    if (this.registry.doesExist('interval', name)) throw new Error(`${name} is already scheduled`);
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = task()
        .catch((err: unknown) => this.agent.log.warn({ err }, `${what} failed`))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    }, intervalMs);
    timer.unref();
    this.registry.addInterval(name, timer);
    this.names.push(name);
  }

  async onModuleDestroy(): Promise<void> {
    for (const name of this.names.splice(0)) if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    await Promise.all([...this.running]);
  }
}
