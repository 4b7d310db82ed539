import { CheckResult, NonconformanceSeverity, NonconformanceStatus, type PlantEvent } from '@andon/contracts';
import type { LlmSettings } from '@andon/llm';
import type { DocumentStore } from '@andon/persistence';
import { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import { qualityAgentConfigSchema, type QualityAgentConfig } from '../config/quality-agent.config';
import { QualityAgentModule } from '../quality-agent.module';
import {
  deterministicLlm,
  silentLogger,
  startAgentApp,
  type AgentApp,
  type EmbeddedAdapters,
} from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';

export interface RunningQualityAgent {
  agent: AgentApp;
  recorder: OutputRecorder;
  topics: AgentTopicNames;
  stop(): Promise<void>;
}

export interface QualityAgentTestOptions {
  config?: Partial<QualityAgentConfig>;
  llmSettings?: LlmSettings;
  topics?: AgentTopicNames;
  now?: () => Date;
  /** Another store on the same data (a restarted process). */
  store?: DocumentStore;
  /** Join the consumer group (default true); false: the test hands records to the consumer itself. */
  consume?: boolean;
}

/** The agent's module on the adapters, as its process starts it. */
export function startQualityAgentApp(
  adapters: EmbeddedAdapters,
  options: QualityAgentTestOptions = {},
): Promise<AgentApp> {
  return startAgentApp(QualityAgentModule, {
    bus: adapters.bus,
    store: options.store ?? adapters.store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: { ...qualityAgentConfigSchema.parse({}), ...options.config },
    llmSettings: options.llmSettings ?? deterministicLlm(),
    topics: options.topics ?? DEFAULT_AGENT_TOPICS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.consume === false ? { consume: false } : {}),
  });
}

export async function startQualityAgent(
  adapters: EmbeddedAdapters,
  options: QualityAgentTestOptions = {},
): Promise<RunningQualityAgent> {
  const agent = await startQualityAgentApp(adapters, options);
  const recorder = await OutputRecorder.start(adapters.bus, agent.topics);
  return {
    agent,
    recorder,
    topics: agent.topics,
    stop: async () => {
      await recorder.close();
      await agent.close();
    },
  };
}

const T0 = Date.parse('2025-03-03T06:00:00Z');
export const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

export function genealogyLink(
  eventId: string,
  parentLotId: string,
  childLotId: string,
  minutes: number,
  site = 'plant-a',
): PlantEvent {
  return plantEvent({
    eventId,
    site,
    occurredAt: at(minutes),
    payload: {
      $case: 'batchGenealogyLink',
      value: { parentLotId, childLotId, materialId: 'RESIN-PX', quantity: 100, unit: 'kg', workOrderId: '' },
    },
  });
}

export function failingCheck(
  eventId: string,
  lotId: string,
  measuredValue: number,
  minutes: number,
  result = CheckResult.FAIL,
): PlantEvent {
  return plantEvent({
    eventId,
    occurredAt: at(minutes),
    payload: {
      $case: 'qualityCheck',
      value: {
        checkId: `QC-${eventId}`,
        characteristic: 'wall_thickness',
        measuredValue,
        lowerSpecLimit: 9.8,
        upperSpecLimit: 10.2,
        unit: 'mm',
        result,
        lotId,
        product: 'PX-100',
        workOrderId: '',
        inspectorBadge: '',
        machineId: 'a-l1-m1',
      },
    },
  });
}

export function nonconformance(
  eventId: string,
  fields: {
    ncrId: string;
    lotIds: string[];
    category?: string;
    severity?: NonconformanceSeverity;
    description?: string;
    supplier?: string;
    product?: string;
    quantity?: number;
    status?: NonconformanceStatus;
  },
  minutes: number,
): PlantEvent {
  return plantEvent({
    eventId,
    occurredAt: at(minutes),
    payload: {
      $case: 'nonconformance',
      value: {
        ncrId: fields.ncrId,
        category: fields.category ?? 'dimensional',
        severity: fields.severity ?? NonconformanceSeverity.MAJOR,
        description:
          fields.description ??
          `Wall thickness out of tolerance on ${fields.lotIds.join(', ')}; 14 parts affected`,
        lotIds: fields.lotIds,
        product: fields.product ?? 'PX-100',
        supplier: fields.supplier ?? 'ResinWorks GmbH',
        quantityAffected: fields.quantity ?? 14,
        unit: 'ea',
        raisedBy: 'QE-7',
        status: fields.status ?? NonconformanceStatus.UNSPECIFIED,
      },
    },
  });
}
