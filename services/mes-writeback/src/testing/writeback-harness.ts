import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InProcessEventBus, type Subscription } from '@andon/bus';
import { Decision, ExecutionRecord, ProposedAction, Topics } from '@andon/contracts';
import type { SigningKeyPair } from '@andon/governance/policy';
import { Metrics, createLogger, type Logger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import type { WritebackSettings } from '../config/writeback.config';
import { DecisionExecutor } from '../execute/decision-executor';
import { ExecutionRepository } from '../execute/execution.repository';
import { ProposalIntake } from '../intake/proposal-intake.service';
import { MesWritebackModule, WRITEBACK_TOPICS } from '../mes-writeback.module';
import { loadEndpointMaps } from '../mes/endpoint-map';
import type { MesPort } from '../mes/mes.port';
import { RestMesAdapter } from '../mes/rest-mes.adapter';
import type { RecordSource } from '../execute/parked-decision.repository';
import { Reconciler } from '../reconcile/reconciler';

export const ENDPOINTS_DIR = resolve(__dirname, '../../../../config/mes-endpoints');

/** The real REST adapter on the repository's endpoint maps, pointed at `baseUrl` for every site. */
export function restMes(
  baseUrl: string,
  overrides: { attempts?: number; metrics?: { retried(): void }; token?: string } = {},
): RestMesAdapter {
  return new RestMesAdapter({
    maps: loadEndpointMaps(ENDPOINTS_DIR, { 'plant-a': baseUrl, 'plant-b': baseUrl }),
    timeoutMs: 5_000,
    retry: { attempts: overrides.attempts ?? 4, baseDelayMs: 5, maxDelayMs: 20 },
    log: createLogger('mes-rest-test', 'silent'),
    onRetry: () => overrides.metrics?.retried(),
    bearerToken: overrides.token,
  });
}

export interface HarnessOptions {
  mes: MesPort;
  trusted: SigningKeyPair[];
  /** defaults to a fresh SQLite file */
  store?: DocumentStore;
  config?: Partial<WritebackSettings>;
  now?: () => Date;
  owner?: string;
}

/**
 * The write-back module as the service builds it (Nest's injector, started: it settles what
 * a crash left in `calling` before it takes anything new), on the embedded bus and a real
 * SQLite store, driven through the use cases it gets from the module; the ExecutionRecords it
 * publishes are collected from the bus.
 */
export class WritebackHarness {
  private offset = 0;
  readonly intake: ProposalIntake;
  readonly executor: DecisionExecutor;
  readonly reconciler: Reconciler;
  readonly executions: ExecutionRepository;

  private constructor(
    private readonly app: INestApplicationContext,
    readonly bus: InProcessEventBus,
    readonly store: DocumentStore,
    /** every ExecutionRecord published so far, in order */
    readonly records: ExecutionRecord[],
    readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly subscription: Subscription,
    private readonly dir: string | null,
  ) {
    this.intake = app.get(ProposalIntake);
    this.executor = app.get(DecisionExecutor);
    this.reconciler = app.get(Reconciler);
    this.executions = app.get(ExecutionRepository);
  }

  static async create(options: HarnessOptions): Promise<WritebackHarness> {
    const dir = options.store ? null : mkdtempSync(join(tmpdir(), 'andon-writeback-'));
    const store = options.store ?? SqliteDocumentStore.open(join(dir ?? '', 'writeback.sqlite'));
    const bus = new InProcessEventBus({ logger: createLogger('bus-test', 'silent') });
    await bus.ensureTopics(WRITEBACK_TOPICS);
    const records: ExecutionRecord[] = [];
    const subscription = await bus.subscribe({
      groupId: `records-${Math.random()}`,
      topics: [Topics.ActionsExecuted],
      handler: async (value) => {
        records.push(ExecutionRecord.decode(value));
      },
    });
    const metrics = new Metrics({}, false);
    const log = createLogger('mes-writeback-test', 'silent');
    @Module({
      imports: [
        MesWritebackModule.forRoot({
          bus,
          store,
          log,
          metrics,
          config: {
            WRITEBACK_ACCEPTED_POLICY_VERSIONS: ['v1'],
            WRITEBACK_DRY_RUN: false,
            WRITEBACK_LEASE_MS: 60_000,
            WRITEBACK_SWEEP_MS: 60_000,
            CONSUMER_GROUP: 'mes-writeback-test',
            ...options.config,
          },
          publicKeys: new Map(options.trusted.map((k) => [k.keyId, k.publicKey])),
          mes: options.mes,
          ...(options.now ? { now: options.now } : {}),
          ...(options.owner ? { owner: options.owner } : {}),
        }),
      ],
    })
    class WritebackHarnessApp {}
    const app = await NestFactory.createApplicationContext(WritebackHarnessApp, { logger: false });
    return new WritebackHarness(app, bus, store, records, metrics, log, subscription, dir);
  }

  async propose(action: ProposedAction): Promise<void> {
    await this.intake.handle(ProposedAction.encode(action).finish(), this.log);
  }

  /** Delivers a decision as a new record on the decided topic (a fresh offset). */
  async decide(decision: Decision, source: RecordSource = this.nextSource()): Promise<void> {
    await this.executor.handle(Decision.encode(decision).finish(), source, this.log);
  }

  nextSource(): RecordSource {
    return { topic: Topics.ActionsDecided, partition: 0, offset: String(this.offset++) };
  }

  /** Waits until `count` records about the action were published, and returns them. */
  async recordsFor(actionId: string, count = 1): Promise<ExecutionRecord[]> {
    return waitFor(
      () => {
        const found = this.records.filter((r) => r.actionId === actionId);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs: 10_000, description: `${count} execution record(s) for ${actionId}` },
    );
  }

  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = (await this.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return value?.value ?? 0;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.subscription.close();
    await this.bus.close();
    if (this.dir) {
      await this.store.close();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
