import {
  deterministicLlm,
  EmbeddedAdapters,
  silentLogger,
  startAgentApp,
  type AgentApp,
} from '@andon/agent-kit/testing';
import { siteId } from '@andon/plant-model';
import type { LineFact } from '../facts/line-fact';
import { LineFactsRepository } from '../facts/line-facts.repository';
import { ProductionAgentModule } from '../production-agent.module';
import { ShiftReportsRepository, type ShiftReport } from '../shift/shift-reports.repository';
import { DEFAULT_PRODUCTION_TOPICS, productionConfig } from '../test-support/production-fixtures';
import { MaintenanceViewService } from './maintenance-view.service';
import { ShiftChangeService, shiftChangeHash } from './shift-change.service';

const H = 3_600_000;
const PLANT_A = siteId('plant-a');
const T0 = Date.parse('2026-12-06T06:00:00.000Z');
const at = (hours: number) => T0 + hours * H;

function report(
  shiftId: string,
  from: number,
  to: number,
  downtimeMinutes: number,
): Omit<ShiftReport, 'version'> {
  return {
    _id: ShiftReportsRepository.idOf('plant-a', 'line-1', shiftId),
    site: 'plant-a',
    line: 'line-1',
    shiftId,
    shiftCode: shiftId.slice(-1),
    startedAt: from,
    endedAt: to,
    plannedMinutes: (to - from) / 60_000,
    downtimeMinutes,
    good: 100,
    scrap: 2,
    availability: 0.9,
    performance: 0.8,
    quality: 0.98,
    oee: 0.7,
    pareto: [],
    dataQualityIssues: [],
    handoffTitle: 'Handoff',
    handoffBody: 'Body',
    createdAt: to,
    eventId: `end-${shiftId}`,
  } as Omit<ShiftReport, 'version'>;
}

let n = 0;
function fact(
  kind: LineFact['kind'],
  hours: number,
  extra: Partial<LineFact> = {},
): Omit<LineFact, 'version'> {
  n++;
  return {
    _id: `f${n}`,
    site: 'plant-a',
    line: 'line-1',
    kind,
    at: at(hours),
    eventId: `e${n}`,
    ...extra,
  } as Omit<LineFact, 'version'>;
}

describe('shift change: the latest ended shift against the one before, hashed', () => {
  let adapters: EmbeddedAdapters;
  let agent: AgentApp;
  let service: ShiftChangeService;
  let maintenance: MaintenanceViewService;
  // The agent's clock: half an hour after the second shift for the handoff, its end for the maintenance view.
  let clock = at(16.5);

  beforeAll(async () => {
    adapters = EmbeddedAdapters.open();
    // The module as the process builds it (no consuming: the facts are written directly).
    agent = await startAgentApp(ProductionAgentModule, {
      bus: adapters.bus,
      store: adapters.store,
      log: silentLogger(),
      metrics: adapters.metrics,
      config: productionConfig(),
      llmSettings: deterministicLlm(),
      topics: DEFAULT_PRODUCTION_TOPICS,
      now: () => new Date(clock),
      consume: false,
    });
    const reports = agent.app.get(ShiftReportsRepository);
    const facts = agent.app.get(LineFactsRepository);
    await reports.insert(report('S1', at(0), at(8), 30));
    await reports.insert(report('S2', at(8), at(16), 75));
    for (const f of [
      fact('ncr', 2, { ref: 'NCR-1', text: 'flash', lotId: 'LOT-1' }),
      fact('ncr', 9, { ref: 'NCR-2', text: 'short shot', lotId: 'LOT-2' }),
      fact('ncr_closed', 10, { ref: 'NCR-1' }),
      fact('maintenance', 11, { ref: 'MWO-1', machineId: 'press-1', state: 'open', text: 'hydraulic leak' }),
      fact('maintenance', 12, { ref: 'MWO-2', machineId: 'press-2', state: 'open' }),
      fact('maintenance', 13, { ref: 'MWO-2', machineId: 'press-2', state: 'completed' }),
      fact('downtime_start', 9, { downtimeId: 'D1', machineId: 'press-1', reason: 'mechanical_failure' }),
      fact('downtime_end', 10, { downtimeId: 'D1', machineId: 'press-1', reason: 'mechanical_failure' }),
      fact('downtime_start', 12, { downtimeId: 'D2', machineId: 'press-1', reason: 'mechanical_failure' }),
      fact('downtime_end', 12.25, { downtimeId: 'D2', machineId: 'press-1', reason: 'mechanical_failure' }),
      fact('downtime_start', 14, { downtimeId: 'D3', machineId: 'press-2', reason: 'changeover' }),
      fact('downtime_end', 14.5, { downtimeId: 'D3', machineId: 'press-2', reason: 'changeover' }),
    ])
      await facts.insert(f);
    service = agent.app.get(ShiftChangeService);
    maintenance = agent.app.get(MaintenanceViewService);
  });
  afterAll(async () => {
    await agent.close();
    await adapters.close();
  });

  it('lists NCRs raised and closed in the shift, holds, open work orders and downtime against the previous shift', async () => {
    const [line] = await service.changes([PLANT_A]);
    expect(line?.content).toMatchObject({
      shift: { shiftId: 'S2' },
      previous: { shiftId: 'S1' },
      ncrsOpened: [{ ncrId: 'NCR-2', lotId: 'LOT-2' }],
      ncrsClosed: [{ ncrId: 'NCR-1' }],
      holds: { open: ['NCR-2'], previousOpen: 1 },
      openWorkOrders: [{ workOrderId: 'MWO-1', machineId: 'press-1', state: 'open' }],
      downtime: { shift: { minutes: 105, stops: 3 }, previous: { minutes: 0, stops: 0 } },
    });
    expect(line?.content.downtime.shift.byReason).toEqual([
      { reason: 'mechanical_failure', minutes: 75 },
      { reason: 'changeover', minutes: 30 },
    ]);
  });

  it('hashes exactly the content shown: the same shift gives the same hash, any change another', async () => {
    const [first] = await service.changes([PLANT_A]);
    const [again] = await service.changes([PLANT_A]);
    if (!first || !again) throw new Error('no shift change');
    expect(again.contentHash).toBe(first.contentHash);
    expect(shiftChangeHash(first.content)).toBe(first.contentHash);
    expect(shiftChangeHash({ ...first.content, holds: { open: [], previousOpen: 1 } })).not.toBe(
      first.contentHash,
    );
    expect(await service.changes([siteId('plant-b')])).toEqual([]);
  });

  it('gives MTBF and MTTR per machine from failure stops only, and the open work orders', async () => {
    clock = at(16);
    const view = await maintenance.view([PLANT_A], 8);
    const press1 = view.machines.find((m) => m.machineId === 'press-1');
    // 8 h window, 75 failure minutes, 2 failures: (480 - 75) / 2 = 202.5 min; repairs 60 and 15 min.
    expect(press1).toMatchObject({ failures: 2, mtbfMinutes: 202.5, mttrMinutes: 37.5, openWorkOrders: 1 });
    expect(view.machines.find((m) => m.machineId === 'press-2')).toMatchObject({
      failures: 0,
      mtbfMinutes: null,
      mttrMinutes: null,
      stopMinutes: 30,
    });
    expect(view.openWorkOrders.map((w) => w.workOrderId)).toEqual(['MWO-1']);
  });

  it('starts the window no earlier than the first fact: unobserved time is not uptime', async () => {
    clock = at(16);
    const week = await maintenance.view([PLANT_A], 168);
    expect(week.window.from).toBe(new Date(at(2)).toISOString());
    // 14 h observed, 75 failure minutes, 2 failures: (840 - 75) / 2.
    expect(week.machines.find((m) => m.machineId === 'press-1')?.mtbfMinutes).toBe(382.5);
  });
});
