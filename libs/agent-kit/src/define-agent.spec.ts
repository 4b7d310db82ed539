import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DowntimeReason, GenerationInfo, RiskClass } from '@andon/contracts';
import type { DocumentStore } from '@andon/persistence';
import { SweepExplorer } from '@andon/service-kit';
import { waitFor } from '@andon/testing';
import type { Logger } from '@andon/observability';
import { AgentContext, type AgentKitSettings } from './agent-context';
import { AgentMessages } from './agent-messages';
import { AgentStatePurge } from './agent-state-purge';
import { Claims } from './claims';
import { defineAgent } from './define-agent';
import { Outbox } from './outbox';
import type { DecodedPlantEvent } from './plant-event.decoder';
import type { PlantEventHandler } from './plant-events.consumer';
import {
  EmbeddedAdapters,
  OutputRecorder,
  REPO_ROOT,
  deterministicLlm,
  plantEvent,
  publishPlantEvents,
  silentLogger,
  startAgentApp,
} from './testing';

const HOUR = 3_600_000;

/** A store the toy agent declares for the purge: remembers the cutoffs it was asked to purge before. */
class NotesRepository {
  readonly cutoffs: number[] = [];
  static async open(_store: DocumentStore): Promise<NotesRepository> {
    return new NotesRepository();
  }
  async purgeBefore(cutoffMs: number): Promise<number> {
    this.cutoffs.push(cutoffMs);
    return 0;
  }
}

/** The toy agent's domain code: the first stop of a line proposes one hold of its lot, through the kit's claims and outbox. */
@Injectable()
class StopHandler implements PlantEventHandler {
  readonly seen: string[] = [];
  constructor(
    @Inject(Claims) private readonly claims: Claims,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AgentMessages) private readonly messages: AgentMessages,
  ) {}

  async handle(event: DecodedPlantEvent, _log: Logger): Promise<void> {
    this.seen.push(event.eventId);
    if (!(await this.claims.claim(`stop:${event.site}:${event.line}`, event.eventId))) return;
    await this.outbox.emit(event.site, event.eventId, async () => [
      this.messages.action(event, {
        actionId: `toy-${event.eventId}`,
        intent: { type: 'mes.hold_lot', body: { lotId: 'LOT-1', reason: 'first stop of the line' } },
        riskClass: RiskClass.TRANSACTION_EXECUTION,
        product: '',
        title: 'Hold LOT-1',
        rationale: 'first stop',
        recommendedSteps: [],
        evidence: [],
        confidence: 0.5,
        generation: GenerationInfo.fromPartial({ deterministicFallback: true }),
        ttlMs: HOUR,
      }).message,
    ]);
  }
}

const ToyAgent = defineAgent<AgentKitSettings>({
  id: 'toy-agent',
  handlers: { plantEvents: StopHandler },
  purge: [NotesRepository],
  providers: [StopHandler],
});
const settings = (extra: Partial<AgentKitSettings> = {}): AgentKitSettings => ({
  AGENT_GROUP_ID: 'toy-agent',
  AGENT_STATE_RETENTION_HOURS: 24,
  AGENT_PARTITIONS_CONCURRENCY: 2,
  MES_ENDPOINTS_DIR: join(REPO_ROOT, 'config/mes-endpoints'),
  ...extra,
});
const stop = (eventId: string) =>
  plantEvent({
    eventId,
    occurredAt: '2025-03-03T06:00:00Z',
    payload: {
      $case: 'downtimeStart',
      value: {
        downtimeId: eventId,
        machineId: 'm1',
        reasonCode: '',
        canonicalReason: DowntimeReason.UNSPECIFIED,
        reasonMapped: false,
        reasonText: '',
      },
    },
  });

describe('defineAgent', () => {
  let adapters: EmbeddedAdapters;
  let clock = new Date('2025-03-03T06:00:00Z');

  beforeEach(() => {
    adapters = EmbeddedAdapters.open();
    clock = new Date('2025-03-03T06:00:00Z');
  });
  afterEach(async () => {
    await adapters.close();
  });

  const options = (extra: { consume?: boolean; config?: Partial<AgentKitSettings> } = {}) => ({
    bus: adapters.bus,
    store: adapters.store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: settings(extra.config),
    llmSettings: deterministicLlm(),
    now: () => clock,
    ...(extra.consume === false ? { consume: false } : {}),
  });

  it('consumes plant events for the declared handler, renders the intent from the endpoint map, and purges the state past retention every hour', async () => {
    const agent = await startAgentApp(ToyAgent, options());
    const recorder = await OutputRecorder.start(adapters.bus, agent.topics);
    try {
      await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [stop('s1'), stop('s2')]);
      await waitFor(() => agent.app.get(StopHandler).seen.length === 2, {
        timeoutMs: 5_000,
        description: 'both stops handled',
      });
      await waitFor(() => recorder.actions.length === 1, { timeoutMs: 5_000, description: 'the hold' });
      expect(recorder.actions[0]).toMatchObject({
        actionType: 'mes.hold_lot',
        proposedBy: 'toy-agent',
        mesCall: { method: 'POST', path: '/lots/LOT-1/hold' },
      });
      expect(agent.app.get(SweepExplorer).names).toContain('toy-agent.state-purge');

      // A day and an hour later the claim and the outbox entry are gone: the line's next stop acts again.
      clock = new Date(clock.getTime() + 25 * HOUR);
      await agent.app.get(AgentStatePurge).purge();
      expect(agent.app.get(NotesRepository).cutoffs).toEqual([clock.getTime() - 24 * HOUR]);
      expect(await agent.app.get(Claims).claim('stop:plant-a:line-1', 's3')).toBe(true);
    } finally {
      await recorder.close();
      await agent.close();
    }
  });

  it('switched off (consume: false) it joins no group and schedules no purge, but its handler still works when driven', async () => {
    const app = await NestFactory.createApplicationContext(ToyAgent.forRoot(options({ consume: false })), {
      logger: false,
    });
    try {
      expect(app.get(SweepExplorer).names).not.toContain('toy-agent.state-purge');
      expect(app.get(AgentContext).subscription({ topics: ['plantEvents'] })).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('refuses a second agent in the group of another on the same bus (AGENT_GROUP_ID shared by composed agents)', async () => {
    const first = await startAgentApp(ToyAgent, options());
    const Other = defineAgent<AgentKitSettings>({
      id: 'other-agent',
      handlers: { plantEvents: StopHandler },
      providers: [StopHandler],
    });
    try {
      await expect(startAgentApp(Other, options())).rejects.toThrow(
        /consumer group "toy-agent" is already used by toy-agent/,
      );
    } finally {
      await first.close();
    }
  });
});
