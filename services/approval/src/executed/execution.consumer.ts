import type { EventBus, Subscription } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { ExecutionService } from './execution.service';

/** Subscribes to andon.actions.executed.v1 in its own consumer group. */
export class ExecutionConsumer {
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly executions: ExecutionService,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: this.groupId,
      topics: [Topics.ActionsExecuted],
      handler: async (value, ctx) => {
        await this.executions.handle(value, ctx.log);
      },
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
