import { join } from 'node:path';
import type { IdempotencyStore } from '@andon/bus';
import type { PlantEvent } from '@andon/contracts';
import { DEFAULT_AGENT_TOPICS } from '@andon/agent-kit';
import { complianceAgentConfigSchema, type ComplianceAgentSettings } from '../config/compliance-agent.config';
import { ComplianceAgentRuntime, type ComplianceTopicNames } from '../compliance-agent-runtime';
import { REPO_ROOT, deterministicLlm, silentLogger, uniqueAgentTopics, type EmbeddedAdapters } from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';
import { uniqueName } from '@andon/testing';

export interface RunningComplianceAgent {
  runtime: ComplianceAgentRuntime;
  recorder: OutputRecorder;
  topics: ComplianceTopicNames;
  stop(): Promise<void>;
}

export interface ComplianceAgentOptions {
  topics?: ComplianceTopicNames;
  config?: Partial<ComplianceAgentSettings>;
  now?: () => Date;
  /** The bus-level dedupe; default the store's window. */
  idempotency?: IdempotencyStore;
}

/** Settings for one agent on the shared test broker: the seed off, so revisions come from the documents topic only. */
export function clusterSettings(extra: Partial<ComplianceAgentSettings> = {}): Partial<ComplianceAgentSettings> {
  return { COMPLIANCE_KNOWLEDGE_DIR: '', COMPLIANCE_AGENT_GROUP_ID: uniqueName('compliance-agent'), COMPLIANCE_DOCUMENTS_GROUP_ID: uniqueName('compliance-documents'), ...extra };
}

export function uniqueComplianceTopics(prefix: string): ComplianceTopicNames {
  return { ...uniqueAgentTopics(prefix), documentsPublished: uniqueName(`${prefix}-documents`) };
}

/** The runtime on the adapters; by default on the repository's real knowledge corpus and the deterministic engine. */
export function createComplianceRuntime(adapters: EmbeddedAdapters, options: ComplianceAgentOptions = {}, store = adapters.store): Promise<ComplianceAgentRuntime> {
  return ComplianceAgentRuntime.create({
    bus: adapters.bus,
    store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: { ...complianceAgentConfigSchema.parse({ COMPLIANCE_KNOWLEDGE_DIR: join(REPO_ROOT, 'knowledge') }), ...options.config },
    llmSettings: deterministicLlm(),
    topics: options.topics ?? DEFAULT_AGENT_TOPICS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
  });
}

export async function startComplianceAgent(adapters: EmbeddedAdapters, options: ComplianceAgentOptions = {}): Promise<RunningComplianceAgent> {
  const runtime = await createComplianceRuntime(adapters, options);
  await runtime.start();
  const recorder = await OutputRecorder.start(adapters.bus, runtime.topics);
  return {
    runtime,
    recorder,
    topics: runtime.topics,
    stop: async () => {
      await recorder.close();
      await runtime.stop();
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
export function operatorRun(prefix: string, run: Omit<StepSpec, 'stepNumber'> & { steps: readonly number[]; startMinute: number }): PlantEvent[] {
  const { steps, startMinute, ...spec } = run;
  return steps.map((n, i) => stepCompleted(`${prefix}-s${n}`, { ...spec, stepNumber: n }, startMinute + i));
}
