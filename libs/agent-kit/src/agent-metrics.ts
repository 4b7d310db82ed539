import type { OutgoingMessage } from '@andon/bus';
import { HeaderNames } from '@andon/contracts';
import type { Metrics } from '@andon/observability';

/** Counters every agent exports; names are shared so dashboards work across agents. */
export class AgentMetrics {
  private readonly handled;
  private readonly outputs;

  constructor(
    metrics: Metrics,
    private readonly agent: string,
  ) {
    this.handled = metrics.counter(
      'andon_agent_events_total',
      'Plant events handled by an agent, by payload case and outcome',
      ['agent', 'payload', 'outcome'],
    );
    this.outputs = metrics.counter(
      'andon_agent_outputs_total',
      'Outputs an agent published, by kind and whether they were an outbox replay',
      ['agent', 'kind', 'replayed'],
    );
  }

  event(payload: string, outcome: 'acted' | 'recorded' | 'ignored'): void {
    this.handled.inc({ agent: this.agent, payload, outcome });
  }

  published(messages: readonly OutgoingMessage[], replayed: boolean): void {
    for (const m of messages)
      this.outputs.inc({
        agent: this.agent,
        kind: m.headers?.[HeaderNames.EventType] ?? 'unknown',
        replayed: String(replayed),
      });
  }
}
