import { join } from 'node:path';
import type { IdempotencyStore } from '@andon/bus';
import type { PlantEvent } from '@andon/contracts';
import { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import type { DocumentStore } from '@andon/persistence';
import { complianceAgentConfigSchema, type ComplianceAgentSettings } from '../config/compliance-agent.config';
import { ComplianceAgentModule } from '../compliance-agent.module';
import { ProcedureLibrary } from '../procedures/procedure-library';
import { ProcedureRevisionsRepository } from '../procedures/procedure-revisions.repository';
import { RevisionAnnouncer } from '../procedures/revision-announcer';
import {
  REPO_ROOT,
  deterministicLlm,
  silentLogger,
  startAgentApp,
  uniqueAgentTopics,
  type AgentApp,
  type EmbeddedAdapters,
} from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';
import { uniqueName } from '@andon/testing';

/** The agent's module on the adapters, with the parts the specs look at. */
export interface ComplianceAgentApp {
  agent: AgentApp;
  topics: AgentTopicNames;
  library: ProcedureLibrary;
  revisions: ProcedureRevisionsRepository;
  /** What the revision sweep runs (refresh from the store, announce what came into force). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export interface RunningComplianceAgent extends ComplianceAgentApp {
  recorder: OutputRecorder;
  stop(): Promise<void>;
}

export interface ComplianceAgentOptions {
  topics?: AgentTopicNames;
  config?: Partial<ComplianceAgentSettings>;
  now?: () => Date;
  /** The bus-level dedupe; default the store's window. */
  idempotency?: IdempotencyStore;
  /** Join the consumer groups (default true); false: a replica that only sweeps, or a consumer the test drives. */
  consume?: boolean;
}

/** Settings for one agent on the shared test broker: the seed off, so revisions come from the documents topic only. */
export function clusterSettings(
  extra: Partial<ComplianceAgentSettings> = {},
): Partial<ComplianceAgentSettings> {
  return {
    COMPLIANCE_KNOWLEDGE_DIR: '',
    AGENT_GROUP_ID: uniqueName('compliance-agent'),
    COMPLIANCE_DOCUMENTS_GROUP_ID: uniqueName('compliance-documents'),
    ...extra,
  };
}

export function uniqueComplianceTopics(prefix: string): AgentTopicNames {
  return uniqueAgentTopics(prefix);
}

/** The module on the adapters; by default on the repository's real knowledge corpus and the deterministic engine. */
export async function startComplianceAgentApp(
  adapters: EmbeddedAdapters,
  options: ComplianceAgentOptions = {},
  store: DocumentStore = adapters.store,
): Promise<ComplianceAgentApp> {
  const agent = await startAgentApp(ComplianceAgentModule, {
    bus: adapters.bus,
    store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: {
      ...complianceAgentConfigSchema.parse({ COMPLIANCE_KNOWLEDGE_DIR: join(REPO_ROOT, 'knowledge') }),
      ...options.config,
    },
    llmSettings: deterministicLlm(),
    topics: options.topics ?? DEFAULT_AGENT_TOPICS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    ...(options.consume === false ? { consume: false } : {}),
  });
  const announcer = agent.app.get(RevisionAnnouncer);
  return {
    agent,
    topics: agent.topics,
    library: agent.app.get(ProcedureLibrary),
    revisions: agent.app.get(ProcedureRevisionsRepository),
    sweep: () => announcer.sweep(),
    close: () => agent.close(),
  };
}

export async function startComplianceAgent(
  adapters: EmbeddedAdapters,
  options: ComplianceAgentOptions = {},
  store: DocumentStore = adapters.store,
): Promise<RunningComplianceAgent> {
  const app = await startComplianceAgentApp(adapters, options, store);
  const recorder = await OutputRecorder.start(adapters.bus, app.topics);
  return {
    ...app,
    recorder,
    stop: async () => {
      await recorder.close();
      await app.close();
    },
  };
}

// WI-A-007 revision B is approved from 2026-06-01; revision A was in force before.
export const T0 = Date.parse('2026-07-01T06:00:00Z');
export const at = (minute: number): Date => new Date(T0 + minute * 60_000);

export interface StepSpec {
  documentId?: string;
  revision?: string;
  stepNumber: number;
  workOrderId?: string;
  line?: string;
  machineId?: string;
}

export function stepCompleted(eventId: string, step: StepSpec, minute: number): PlantEvent {
  return plantEvent({
    eventId,
    line: step.line ?? 'line-1',
    occurredAt: at(minute),
    payload: {
      $case: 'procedureStepCompleted',
      value: {
        documentId: step.documentId ?? 'WI-A-007',
        revision: step.revision ?? 'B',
        stepNumber: step.stepNumber,
        operatorBadge: 'B-1001',
        workOrderId: step.workOrderId ?? 'WO-1',
        machineId: step.machineId ?? 'a-l1-m1',
        recordedValues: {},
      },
    },
  });
}

/**
 * An operator working through a procedure at an MES terminal, as mes-sim's operator
 * screen reports it through ingest: one step completion a minute, in the order given
 * (which is where a script skips or swaps steps). Event ids are `<prefix>-s<step>`.
 */
export function operatorRun(
  prefix: string,
  run: Omit<StepSpec, 'stepNumber'> & { steps: readonly number[]; startMinute: number },
): PlantEvent[] {
  const { steps, startMinute, ...spec } = run;
  return steps.map((n, i) => stepCompleted(`${prefix}-s${n}`, { ...spec, stepNumber: n }, startMinute + i));
}
