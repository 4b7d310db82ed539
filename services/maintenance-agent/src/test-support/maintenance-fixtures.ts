import {
  AlarmSeverity,
  AlarmState,
  MaintenanceType,
  MaintenanceWorkOrderState,
  MaterialState,
  ReadingQuality,
  type PlantEvent,
} from '@andon/contracts';
import type { LlmSettings } from '@andon/llm';
import { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import {
  maintenanceAgentConfigSchema,
  type MaintenanceAgentConfig,
} from '../config/maintenance-agent.config';
import { MaintenanceAgentModule } from '../maintenance-agent.module';
import {
  deterministicLlm,
  silentLogger,
  startAgentApp,
  type AgentApp,
  type EmbeddedAdapters,
} from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';

export interface RunningMaintenanceAgent {
  agent: AgentApp;
  recorder: OutputRecorder;
  topics: AgentTopicNames;
  stop(): Promise<void>;
}

export async function startMaintenanceAgent(
  adapters: EmbeddedAdapters,
  options: {
    config?: Partial<MaintenanceAgentConfig>;
    llmSettings?: LlmSettings;
    topics?: AgentTopicNames;
  } = {},
): Promise<RunningMaintenanceAgent> {
  const agent = await startAgentApp(MaintenanceAgentModule, {
    bus: adapters.bus,
    store: adapters.store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: { ...maintenanceAgentConfigSchema.parse({}), ...options.config },
    llmSettings: options.llmSettings ?? deterministicLlm(),
    topics: options.topics ?? DEFAULT_AGENT_TOPICS,
    now: () => at(24 * 60),
  });
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

export const alarm = (
  id: string,
  minutes: number,
  machineId: string,
  alarmCode = 'vibration_high',
  line = 'line-1',
): PlantEvent =>
  plantEvent({
    eventId: id,
    line,
    occurredAt: at(minutes),
    payload: {
      $case: 'machineAlarm',
      value: {
        machineId,
        alarmCode,
        severity: AlarmSeverity.HIGH,
        state: AlarmState.RAISED,
        message: '',
        alarmInstanceId: '',
      },
    },
  });

export const reading = (id: string, minutes: number, tag: string, value: number): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'historianReading',
      value: { tag, value, unit: 'degC', quality: ReadingQuality.GOOD, machineId: '' },
    },
  });

export const workOrder = (
  id: string,
  minutes: number,
  mwoId: string,
  machineId: string,
  fields: { state?: MaintenanceWorkOrderState; description?: string; onHand?: number } = {},
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'maintenanceWorkOrder',
      value: {
        maintenanceWorkOrderId: mwoId,
        machineId,
        state: fields.state ?? MaintenanceWorkOrderState.COMPLETED,
        type: MaintenanceType.CORRECTIVE,
        parts: [
          {
            partNumber: 'bearing-6204',
            description: 'deep groove ball bearing',
            quantity: 2,
            onHand: fields.onHand ?? 4,
          },
        ],
        description: fields.description ?? 'replaced worn bearing after vibration alarms',
        failureCode: 'BRG-WEAR',
        alarmCodes: ['vibration_high'],
      },
    },
  });

export const partStock = (
  id: string,
  minutes: number,
  partNumber: string,
  quantity: number,
  state = MaterialState.AVAILABLE,
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'materialStatus',
      value: {
        materialId: partNumber,
        lotId: '',
        supplier: '',
        quantity,
        unit: 'ea',
        state,
        workOrderId: '',
      },
    },
  });
