import type { EventBus, Subscription } from '@andon/bus';
import { LlmCallRecord, ProposedAction, Recommendation } from '@andon/contracts';
import { uniqueName } from '@andon/testing';
import type { AgentTopicNames } from '../index';

/** Everything the agent published, read back from the bus and decoded, in arrival order. */
export class OutputRecorder {
  readonly actions: ProposedAction[] = [];
  readonly actionBytes: Buffer[] = [];
  readonly recommendations: Recommendation[] = [];
  readonly llmCalls: LlmCallRecord[] = [];
  readonly deadLetters: Array<{ headers: Readonly<Record<string, string>> }> = [];
  private readonly subscriptions: Subscription[] = [];

  static async start(bus: EventBus, topics: AgentTopicNames): Promise<OutputRecorder> {
    const recorder = new OutputRecorder();
    const subscribe = async (
      topic: string,
      handler: (value: Uint8Array, headers: Readonly<Record<string, string>>) => void,
    ) => {
      recorder.subscriptions.push(
        await bus.subscribe({
          groupId: uniqueName('recorder'),
          topics: [topic],
          fromBeginning: true,
          handler: async (value, ctx) => handler(value, ctx.headers),
        }),
      );
    };
    await subscribe(topics.actionsProposed, (v) => {
      recorder.actionBytes.push(Buffer.from(v));
      recorder.actions.push(ProposedAction.decode(v));
    });
    await subscribe(
      topics.recommendations,
      (v) => void recorder.recommendations.push(Recommendation.decode(v)),
    );
    await subscribe(topics.llmCalls, (v) => void recorder.llmCalls.push(LlmCallRecord.decode(v)));
    await subscribe(topics.deadLetters, (_v, headers) => void recorder.deadLetters.push({ headers }));
    return recorder;
  }

  actionsOfType(type: string): ProposedAction[] {
    return this.actions.filter((a) => a.actionType === type);
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
