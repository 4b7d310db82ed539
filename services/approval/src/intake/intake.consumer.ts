import type { EventBus, Subscription } from '@andon/bus';
import { Topics } from '@andon/contracts';
import type { IntakeService } from './intake.service';

/**
 * Subscribes intake to andon.actions.proposed.v1. Thin on purpose: decoding, validation
 * and storage live in IntakeService; retries and the DLQ are the bus's (an invalid
 * proposal throws NonRetryableError and goes straight to the DLQ).
 */
export class IntakeConsumer {
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly intake: IntakeService,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: this.groupId,
      topics: [Topics.ActionsProposed],
      handler: async (value, ctx) => {
        await this.intake.handle(value, ctx.log);
      },
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
