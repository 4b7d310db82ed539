import { CheckResult, NonconformanceSeverity, NonconformanceStatus, type PlantEvent } from '@andon/contracts';
import type { LlmSettings } from '@andon/llm';
import { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import { qualityAgentConfigSchema, type QualityAgentConfig } from '../config/quality-agent.config';
import { QualityAgentRuntime } from '../quality-agent-runtime';
import { deterministicLlm, silentLogger, type EmbeddedAdapters } from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';

export interface RunningQualityAgent {
  runtime: QualityAgentRuntime;
  recorder: OutputRecorder;
  topics: AgentTopicNames;
  stop(): Promise<void>;
}

export async function startQualityAgent(
  adapters: EmbeddedAdapters,
  options: { config?: Partial<QualityAgentConfig>; llmSettings?: LlmSettings; topics?: AgentTopicNames; now?: () => Date } = {},
): Promise<RunningQualityAgent> {
  const topics = options.topics ?? DEFAULT_AGENT_TOPICS;
  const runtime = await QualityAgentRuntime.create({
    bus: adapters.bus,
    store: adapters.store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: { ...qualityAgentConfigSchema.parse({}), ...options.config },
    llmSettings: options.llmSettings ?? deterministicLlm(),
    topics,
    ...(options.now ? { now: options.now } : {}),
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

const T0 = Date.parse('2025-03-03T06:00:00Z');
export const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

export function genealogyLink(eventId: string, parentLotId: string, childLotId: string, minutes: number, site = 'plant-a'): PlantEvent {
  return plantEvent({ eventId, site, occurredAt: at(minutes), payload: { $case: 'batchGenealogyLink', value: { parentLotId, childLotId, materialId: 'RESIN-PX', quantity: 100, unit: 'kg', workOrderId: '' } } });
}

export function failingCheck(eventId: string, lotId: string, measuredValue: number, minutes: number, result = CheckResult.FAIL): PlantEvent {
  return plantEvent({
    eventId,
    occurredAt: at(minutes),
    payload: {
      $case: 'qualityCheck',
      value: { checkId: `QC-${eventId}`, characteristic: 'wall_thickness', measuredValue, lowerSpecLimit: 9.8, upperSpecLimit: 10.2, unit: 'mm', result, lotId, product: 'PX-100', workOrderId: '', inspectorBadge: '', machineId: 'a-l1-m1' },
    },
  });
}

export function nonconformance(
  eventId: string,
  fields: { ncrId: string; lotIds: string[]; category?: string; severity?: NonconformanceSeverity; description?: string; supplier?: string; product?: string; quantity?: number; status?: NonconformanceStatus },
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
        description: fields.description ?? `Wall thickness out of tolerance on ${fields.lotIds.join(', ')}; 14 parts affected`,
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
