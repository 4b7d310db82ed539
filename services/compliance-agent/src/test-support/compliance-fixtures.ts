import { join } from 'node:path';
import type { PlantEvent } from '@andon/contracts';
import { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import { complianceAgentConfigSchema } from '../config/compliance-agent.config';
import { ComplianceAgentRuntime } from '../compliance-agent-runtime';
import { REPO_ROOT, deterministicLlm, silentLogger, type EmbeddedAdapters } from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';

export interface RunningComplianceAgent {
  runtime: ComplianceAgentRuntime;
  recorder: OutputRecorder;
  topics: AgentTopicNames;
  stop(): Promise<void>;
}

/** The agent on the repository's real knowledge corpus and the deterministic engine. */
export async function startComplianceAgent(adapters: EmbeddedAdapters, topics: AgentTopicNames = DEFAULT_AGENT_TOPICS): Promise<RunningComplianceAgent> {
  const runtime = await ComplianceAgentRuntime.create({
    bus: adapters.bus,
    store: adapters.store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: complianceAgentConfigSchema.parse({ COMPLIANCE_KNOWLEDGE_DIR: join(REPO_ROOT, 'knowledge') }),
    llmSettings: deterministicLlm(),
    topics,
  });
  await runtime.start();
  const recorder = await OutputRecorder.start(adapters.bus, topics);
  return {
    runtime,
    recorder,
    topics,
    stop: async () => {
      await recorder.close();
      await runtime.stop();
    },
  };
}

// WI-A-007 revision B is approved from 2026-06-01; revision A was in force before.
const T0 = Date.parse('2026-07-01T06:00:00Z');

export function stepCompleted(eventId: string, step: { documentId?: string; revision?: string; stepNumber: number; workOrderId?: string }, minute: number): PlantEvent {
  return plantEvent({
    eventId,
    occurredAt: new Date(T0 + minute * 60_000),
    payload: {
      $case: 'procedureStepCompleted',
      value: {
        documentId: step.documentId ?? 'WI-A-007',
        revision: step.revision ?? 'B',
        stepNumber: step.stepNumber,
        operatorBadge: 'B-1001',
        workOrderId: step.workOrderId ?? 'WO-1',
        machineId: 'a-l1-m1',
        recordedValues: {},
      },
    },
  });
}
