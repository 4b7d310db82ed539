import {
  AlarmSeverity,
  AlarmState,
  DowntimeReason,
  LabourEventKind,
  MaintenanceType,
  MaintenanceWorkOrderState,
  MaterialState,
  NonconformanceSeverity,
  NonconformanceStatus,
  ProposedAction,
  RiskClass,
  WorkOrderState,
  CheckResult,
  type PlantEvent,
} from '@andon/contracts';
import type { LlmSettings } from '@andon/llm';
import { productionAgentConfigSchema, type ProductionAgentConfig } from '../config/production-agent.config';
import { ProductionAgentModule } from '../production-agent.module';
import { DEFAULT_AGENT_TOPICS, type AgentTopicNames } from '@andon/agent-kit';
import {
  deterministicLlm,
  silentLogger,
  startAgentApp,
  type AgentApp,
  type EmbeddedAdapters,
} from '@andon/agent-kit/testing';
import { OutputRecorder } from '@andon/agent-kit/testing';
import { plantEvent } from '@andon/agent-kit/testing';

export const DEFAULT_PRODUCTION_TOPICS: AgentTopicNames = DEFAULT_AGENT_TOPICS;

export interface RunningProductionAgent {
  agent: AgentApp;
  recorder: OutputRecorder;
  topics: AgentTopicNames;
  stop(): Promise<void>;
}

export function productionConfig(overrides: Partial<ProductionAgentConfig> = {}): ProductionAgentConfig {
  return { ...productionAgentConfigSchema.parse({}), ...overrides };
}

export async function startProductionAgent(
  adapters: EmbeddedAdapters,
  options: {
    config?: Partial<ProductionAgentConfig>;
    llmSettings?: LlmSettings;
    topics?: AgentTopicNames;
    now?: () => Date;
  } = {},
): Promise<RunningProductionAgent> {
  const agent = await startAgentApp(ProductionAgentModule, {
    bus: adapters.bus,
    store: adapters.store,
    log: silentLogger(),
    metrics: adapters.metrics,
    config: productionConfig(options.config),
    llmSettings: options.llmSettings ?? deterministicLlm(),
    topics: options.topics ?? DEFAULT_PRODUCTION_TOPICS,
    now: options.now ?? (() => at(24 * 60)),
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

/** Minutes after 2025-03-03T06:00Z, the start of shift A in the fixtures. */
export const T0 = Date.parse('2025-03-03T06:00:00Z');
export const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

type Loc = { site?: string; line?: string };

export const count = (
  id: string,
  minutes: number,
  good: number,
  scrap: number,
  lotId = 'LOT-A1-00001',
  loc: Loc = {},
): PlantEvent =>
  plantEvent({
    eventId: id,
    ...loc,
    occurredAt: at(minutes),
    payload: {
      $case: 'productionCount',
      value: {
        workOrderId: '',
        machineId: 'a-l1-m3',
        product: 'PX-100',
        lotId,
        good,
        scrap,
        unit: 'ea',
        periodStart: undefined,
        periodEnd: undefined,
        idealCycleTimeSeconds: 0,
      },
    },
  });

export const downtimeStart = (
  id: string,
  minutes: number,
  machineId: string,
  reason = DowntimeReason.MECHANICAL_FAILURE,
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'downtimeStart',
      value: {
        downtimeId: '',
        machineId,
        reasonCode: 'D01',
        canonicalReason: reason,
        reasonMapped: true,
        reasonText: '',
      },
    },
  });

export const downtimeEnd = (
  id: string,
  minutes: number,
  machineId: string,
  reason = DowntimeReason.MECHANICAL_FAILURE,
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'downtimeEnd',
      value: {
        downtimeId: '',
        machineId,
        reasonCode: 'D01',
        canonicalReason: reason,
        reasonMapped: true,
        reasonText: '',
        startedAt: undefined,
      },
    },
  });

export const failedCheck = (id: string, minutes: number, lotId: string): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'qualityCheck',
      value: {
        checkId: `QC-${id}`,
        characteristic: 'wall_thickness',
        measuredValue: 10.31,
        lowerSpecLimit: 9.8,
        upperSpecLimit: 10.2,
        unit: 'mm',
        result: CheckResult.FAIL,
        lotId,
        product: 'PX-100',
        workOrderId: '',
        inspectorBadge: '',
        machineId: 'a-l1-m1',
      },
    },
  });

export const ncr = (
  id: string,
  minutes: number,
  ncrId: string,
  lotId: string,
  supplier = 'ResinWorks GmbH',
  status = NonconformanceStatus.UNSPECIFIED,
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'nonconformance',
      value: {
        ncrId,
        category: 'dimensional',
        severity: NonconformanceSeverity.MAJOR,
        description: 'Wall thickness out of tolerance',
        lotIds: [lotId],
        product: 'PX-100',
        supplier,
        quantityAffected: 14,
        unit: 'ea',
        raisedBy: 'QE',
        status,
      },
    },
  });

export const note = (id: string, minutes: number, text: string): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'operatorNote',
      value: { noteId: id, authorBadge: '', text, shiftId: '', machineId: '', workOrderId: '' },
    },
  });

export const maintenance = (
  id: string,
  minutes: number,
  mwoId: string,
  state: MaintenanceWorkOrderState,
  machineId = 'a-l1-m1',
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'maintenanceWorkOrder',
      value: {
        maintenanceWorkOrderId: mwoId,
        machineId,
        state,
        type: MaintenanceType.CORRECTIVE,
        parts: [{ partNumber: 'bearing-6204', description: 'bearing', quantity: 1, onHand: 3 }],
        description: 'replace bearing',
        failureCode: '',
        alarmCodes: [],
      },
    },
  });

export const alarm = (
  id: string,
  minutes: number,
  machineId: string,
  alarmCode = 'vibration_high',
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'machineAlarm',
      value: {
        machineId,
        alarmCode,
        severity: AlarmSeverity.HIGH,
        state: AlarmState.RAISED,
        message: 'vibration high',
        alarmInstanceId: '',
      },
    },
  });

export const clockIn = (id: string, minutes: number, crew: string, badge: string): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'labourEvent',
      value: { crew, employeeBadge: badge, kind: LabourEventKind.CLOCK_IN, role: 'operator', shiftId: '' },
    },
  });

export const material = (
  id: string,
  minutes: number,
  fields: {
    materialId: string;
    lotId?: string;
    supplier?: string;
    quantity?: number;
    state?: MaterialState;
    workOrderId?: string;
  },
  loc: Loc = {},
): PlantEvent =>
  plantEvent({
    eventId: id,
    ...loc,
    occurredAt: at(minutes),
    payload: {
      $case: 'materialStatus',
      value: {
        materialId: fields.materialId,
        lotId: fields.lotId ?? '',
        supplier: fields.supplier ?? '',
        quantity: fields.quantity ?? 0,
        unit: 'kg',
        state: fields.state ?? MaterialState.SHORT,
        workOrderId: fields.workOrderId ?? '',
      },
    },
  });

export const workOrder = (
  id: string,
  minutes: number,
  fields: {
    workOrderId: string;
    planned: number;
    completed: number;
    dueMinutes: number;
    state?: WorkOrderState;
  },
): PlantEvent =>
  plantEvent({
    eventId: id,
    occurredAt: at(minutes),
    payload: {
      $case: 'workOrderStatus',
      value: {
        workOrderId: fields.workOrderId,
        product: 'PX-100',
        state: fields.state ?? WorkOrderState.STARTED,
        previousState: WorkOrderState.RELEASED,
        plannedQuantity: fields.planned,
        completedQuantity: fields.completed,
        unit: 'ea',
        dueAt: at(fields.dueMinutes),
        operation: '',
      },
    },
  });

export const shiftEnd = (id: string, startMinutes: number, endMinutes: number, loc: Loc = {}): PlantEvent =>
  plantEvent({
    eventId: id,
    ...loc,
    occurredAt: at(endMinutes),
    payload: {
      $case: 'shiftEnd',
      value: {
        shiftId: `plant-a-2025-03-03-A-${id}`,
        shiftCode: 'A',
        startedAt: at(startMinutes),
        endedAt: at(endMinutes),
        supervisorBadge: '',
      },
    },
  });

/** A proposal another agent made, as approval would read it from andon.actions.proposed.v1. */
export function otherProposal(actionId: string, title: string, expiresMinutes: number): ProposedAction {
  return ProposedAction.fromPartial({
    actionId,
    actionType: 'mes.start_investigation',
    riskClass: RiskClass.WORKFLOW_INITIATION,
    location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1', cell: '' },
    proposedBy: 'quality-agent',
    proposedAt: at(10),
    expiresAt: at(expiresMinutes),
    mesCall: { method: 'POST', path: '/investigations', payloadJson: '{}' },
    title,
  });
}

/** Twelve counts, one every ten minutes from minute 5: 5 400 good and 360 scrapped in total. */
export function shiftCounts(prefix = 'cnt'): PlantEvent[] {
  return Array.from({ length: 12 }, (_, i) => count(`${prefix}-${i}`, 5 + 10 * i, 450, 30));
}
